using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using RunwareCloud.Gateway.Data;

namespace RunwareCloud.Gateway.Identity;

public sealed record UserStatus(Guid UserId, string UserName, string Role, bool IsActive);

public sealed record ApiKeyOwner(Guid KeyId, Guid UserId);

/// <summary>
/// Answers "is this user still active, with which role?" and "whose key is this?" on every authenticated request.
/// Answers are reused for <see cref="GatewayOptions.UserStatusCacheDuration"/>; changes made through this instance drop
/// them at once, other instances see them when the entry expires.
/// </summary>
public sealed class UserDirectory(IServiceScopeFactory scopes, IMemoryCache cache, IOptions<GatewayOptions> options)
{
    public async ValueTask<UserStatus?> GetStatusAsync(Guid userId, CancellationToken cancellationToken)
    {
        var cacheKey = StatusKey(userId);
        if (cache.TryGetValue(cacheKey, out UserStatus? status))
        {
            return status;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        status = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new UserStatus(u.Id, u.UserName, u.Role, !u.IsDisabled))
            .SingleOrDefaultAsync(cancellationToken);
        cache.Set(cacheKey, status, options.Value.UserStatusCacheDuration);
        return status;
    }

    public async ValueTask<ApiKeyOwner?> FindApiKeyAsync(string key, CancellationToken cancellationToken)
    {
        var hash = ApiKeyFormat.Hash(key);
        var cacheKey = ApiKeyCacheKey(hash);
        if (cache.TryGetValue(cacheKey, out ApiKeyOwner? owner))
        {
            return owner;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        owner = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Select(k => new ApiKeyOwner(k.Id, k.UserId))
            .SingleOrDefaultAsync(cancellationToken);
        cache.Set(cacheKey, owner, options.Value.UserStatusCacheDuration);
        return owner;
    }

    public void ForgetUser(Guid userId) => cache.Remove(StatusKey(userId));

    public void ForgetApiKey(string keyHash) => cache.Remove(ApiKeyCacheKey(keyHash));

    private static string StatusKey(Guid userId) => $"user-status:{userId}";

    private static string ApiKeyCacheKey(string hash) => $"api-key:{hash}";
}
