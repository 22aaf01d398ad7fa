using System.Security.Claims;
using RunwareCloud.History.Api.Infrastructure;

namespace RunwareCloud.History.Api.Apis;

public static class Caller
{
    /// <summary>Admins see every asset; everyone else only their own.</summary>
    public static IQueryable<Asset> VisibleTo(this IQueryable<Asset> assets, ClaimsPrincipal user)
    {
        if (user.IsAdmin())
        {
            return assets;
        }

        var userId = user.GetUserId();
        return assets.Where(a => a.OwnerId == userId);
    }
}
