using RunwareCloud.History.Api.Assets;
using RunwareCloud.History.Api.Infrastructure;

namespace RunwareCloud.History.Api.Apis;

public sealed class HistoryServices(HistoryDbContext db, HistorySearch search, AssetCatalog catalog, AssetLocator locator)
{
    public HistoryDbContext Db { get; } = db;
    public HistorySearch Search { get; } = search;
    public AssetCatalog Catalog { get; } = catalog;
    public AssetLocator Locator { get; } = locator;
}
