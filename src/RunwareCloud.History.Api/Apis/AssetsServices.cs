using Microsoft.Extensions.Options;
using RunwareCloud.History.Api.Assets;
using RunwareCloud.History.Api.Infrastructure;

namespace RunwareCloud.History.Api.Apis;

public sealed class AssetsServices(
    HistoryDbContext db, IAssetStore store, AssetInspector inspector, AssetCatalog catalog, AssetLocator locator, IOptions<HistoryOptions> options)
{
    public HistoryDbContext Db { get; } = db;
    public IAssetStore Store { get; } = store;
    public AssetInspector Inspector { get; } = inspector;
    public AssetCatalog Catalog { get; } = catalog;
    public AssetLocator Locator { get; } = locator;
    public IOptions<HistoryOptions> Options { get; } = options;
}
