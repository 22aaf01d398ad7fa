using Microsoft.AspNetCore.Identity;
using RunwareCloud.Gateway.Data;

namespace RunwareCloud.Gateway.Identity;

/// <summary>
/// Checks a password against a user, or against a decoy hash when there is no such user, so that the time taken does not
/// reveal which user names exist.
/// </summary>
public sealed class PasswordCheck(IPasswordHasher<User> hasher)
{
    private readonly Lazy<string> _decoyHash = new(() =>
        hasher.HashPassword(new User { UserName = "", NormalizedUserName = "", Role = "", CreatedAt = default }, Guid.NewGuid().ToString()));

    /// <summary>
    /// True when the user exists, is active and the password matches; rehashes it when the hasher asks to. Runs on the
    /// thread pool: hashing takes milliseconds of CPU, too long for a socket thread (<see cref="GatewayOptions.InlineIo"/>).
    /// </summary>
    public Task<bool> VerifyAsync(User? user, string password) => Task.Run(() => Verify(user, password));

    /// <summary>Hashes a new password on the thread pool, for the same reason.</summary>
    public Task<string> HashAsync(User user, string password) => Task.Run(() => hasher.HashPassword(user, password));

    private bool Verify(User? user, string password)
    {
        var result = hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? _decoyHash.Value, password);
        if (user is null || user.IsDisabled || result == PasswordVerificationResult.Failed)
        {
            return false;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }

        return true;
    }
}
