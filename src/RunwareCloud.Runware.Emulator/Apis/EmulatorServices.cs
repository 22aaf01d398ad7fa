using Microsoft.Extensions.Options;
using RunwareCloud.Runware.Emulator.Accounting;
using RunwareCloud.Runware.Emulator.Faults;
using RunwareCloud.Runware.Emulator.Hosting;
using RunwareCloud.Runware.Emulator.Media;
using RunwareCloud.Runware.Emulator.Tasks;

namespace RunwareCloud.Runware.Emulator.Apis;

public sealed class EmulatorServices(
    TaskDispatcher dispatcher,
    ConnectionHub hub,
    ApiKeyPolicy apiKeys,
    FaultInjector faults,
    EmulatorStats stats,
    CreditLedger credits,
    LatencyModel latency,
    MediaStore media,
    IOptions<EmulatorOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<EmulatorServices> logger)
{
    public TaskDispatcher Dispatcher { get; } = dispatcher;

    public ConnectionHub Hub { get; } = hub;

    public ApiKeyPolicy ApiKeys { get; } = apiKeys;

    public FaultInjector Faults { get; } = faults;

    public EmulatorStats Stats { get; } = stats;

    public CreditLedger Credits { get; } = credits;

    public LatencyModel Latency { get; } = latency;

    public MediaStore Media { get; } = media;

    public EmulatorOptions Options { get; } = options.Value;

    public IHostApplicationLifetime Lifetime { get; } = lifetime;

    public ILogger Logger { get; } = logger;

    public string BaseUrl(HttpRequest request) => Options.PublicBaseUrl?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}";
}
