using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.History.Api.Apis;

public static class HistoryApi
{
    public const int MaxTags = 20;
    public const int MaxTagLength = 32;
    private const int DefaultLimit = 20;
    private const int MaxLimit = 100;

    public static RouteGroupBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/history").WithTags("History").RequireAuthorization();

        api.MapGet("/", ListHistoryAsync).WithName("ListHistory").WithSummary("Search and filter the caller's history");
        api.MapGet("/{id:guid}", GetHistoryEntryAsync).WithName("GetHistoryEntry");
        api.MapPatch("/{id:guid}", UpdateHistoryEntryAsync).WithName("UpdateHistoryEntry").RequireAuthorization(Policies.CanWrite);
        api.MapDelete("/{id:guid}", DeleteHistoryEntryAsync).WithName("DeleteHistoryEntry").RequireAuthorization(Policies.CanWrite);

        return api;
    }

    public static async Task<Results<Ok<HistoryPage>, ValidationProblem>> ListHistoryAsync(
        string? q, string? kind, string? model, string? from, string? to, string? favorite, string? tag, string? cursor, string? limit,
        ClaimsPrincipal user, [AsParameters] HistoryServices services, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var fromTime = ParseTime(from, nameof(from), errors);
        var toTime = ParseTime(to, nameof(to), errors);
        bool? favoriteFlag = null;
        if (!string.IsNullOrEmpty(favorite))
        {
            if (bool.TryParse(favorite, out var flag))
            {
                favoriteFlag = flag;
            }
            else
            {
                errors[nameof(favorite)] = ["must be true or false"];
            }
        }

        var pageSize = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            errors[nameof(limit)] = [$"must be between 1 and {MaxLimit}"];
        }

        if (q is { Length: > 500 })
        {
            errors[nameof(q)] = ["must be at most 500 characters"];
        }

        var ranked = !string.IsNullOrWhiteSpace(q);
        if (!HistoryCursor.TryDecode(cursor, out var position) || (position is not null && position.Rank is not null != ranked))
        {
            errors[nameof(cursor)] = ["is not a cursor returned by this query"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var page = await services.Search.SearchAsync(new HistoryFilter
        {
            OwnerId = user.IsAdmin() ? null : user.GetUserId(),
            Query = ranked ? q : null,
            Kind = NullIfEmpty(kind),
            Model = NullIfEmpty(model),
            From = fromTime,
            To = toTime,
            Favorite = favoriteFlag,
            Tag = NullIfEmpty(tag)?.Trim().ToLowerInvariant(),
            Cursor = position,
            Limit = pageSize,
        }, cancellationToken);
        return TypedResults.Ok(page);
    }

    public static async Task<Results<Ok<HistoryEntry>, NotFound>> GetHistoryEntryAsync(
        Guid id, ClaimsPrincipal user, [AsParameters] HistoryServices services, CancellationToken cancellationToken)
    {
        var asset = await services.Db.Assets.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        return asset is null ? TypedResults.NotFound() : TypedResults.Ok(HistoryEntry.From(asset));
    }

    public static async Task<Results<Ok<HistoryEntry>, NotFound, ValidationProblem>> UpdateHistoryEntryAsync(
        Guid id, UpdateHistoryEntryRequest request, ClaimsPrincipal user, [AsParameters] HistoryServices services, CancellationToken cancellationToken)
    {
        List<string>? tags = null;
        if (request.Tags is not null)
        {
            if (TagsError(request.Tags) is { } tagsError)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tags"] = [tagsError] });
            }

            tags = request.Tags.Select(t => t.Trim().ToLowerInvariant()).Distinct().ToList();
        }

        var asset = await services.Db.Assets.VisibleTo(user).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (asset is null)
        {
            return TypedResults.NotFound();
        }

        if (request.Favorite is { } favorite)
        {
            asset.Favorite = favorite;
        }

        if (tags is not null)
        {
            asset.Tags = tags;
        }

        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(HistoryEntry.From(asset));
    }

    public static async Task<Results<NoContent, NotFound>> DeleteHistoryEntryAsync(
        Guid id, ClaimsPrincipal user, [AsParameters] HistoryServices services, CancellationToken cancellationToken)
    {
        var asset = await services.Db.Assets.VisibleTo(user).FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (asset is null)
        {
            return TypedResults.NotFound();
        }

        await services.Catalog.RemoveAsync(services.Db, asset, cancellationToken);
        services.Locator.Forget(asset.Id);
        return TypedResults.NoContent();
    }

    /// <summary>Why <paramref name="tags"/> are not acceptable, or null when they are.</summary>
    public static string? TagsError(IReadOnlyList<string> tags)
    {
        if (tags.Count > MaxTags)
        {
            return $"at most {MaxTags} tags";
        }

        foreach (var tag in tags)
        {
            if (string.IsNullOrWhiteSpace(tag))
            {
                return "tags must not be empty";
            }

            if (tag.Trim().Length > MaxTagLength)
            {
                return $"each tag must be at most {MaxTagLength} characters";
            }

            if (tag.Any(char.IsControl))
            {
                return "tags must not contain control characters";
            }
        }

        return null;
    }

    private static DateTimeOffset? ParseTime(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        errors[field] = ["must be an ISO 8601 date or time"];
        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
