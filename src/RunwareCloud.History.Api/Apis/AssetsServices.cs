using Microsoft.Extensions.Options;
using RunwareCloud.History.Api.Assets;
using RunwareCloud.History.Api.Infrastructure;

namespace RunwareCloud.History.Api.Apis;

public sealed class AssetsServices(
    HistoryDbContext db, IAssetStore store, AssetInspector inspector, AssetCatalog catalog, IOptions<HistoryOptions> options, ILogger<AssetsServices> logger)
{
    public HistoryDbContext Db { get; } = db;
    public IAssetStore Store { get; } = store;
    public AssetInspector Inspector { get; } = inspector;
    public AssetCatalog Catalog { get; } = catalog;
    public IOptions<HistoryOptions> Options { get; } = options;
    public ILogger<AssetsServices> Logger { get; } = logger;
}
