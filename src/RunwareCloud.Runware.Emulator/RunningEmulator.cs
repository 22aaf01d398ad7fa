using Microsoft.Extensions.Options;
using RunwareCloud.Runware.Emulator.Accounting;
using RunwareCloud.Runware.Emulator.Faults;
using RunwareCloud.Runware.Emulator.Hosting;
using RunwareCloud.Runware.Emulator.Media;

namespace RunwareCloud.Runware.Emulator;

/// <summary>An emulator started by <see cref="EmulatorServer.StartAsync"/>: its addresses and direct handles on faults, credits and stats.</summary>
public sealed class RunningEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    internal RunningEmulator(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        WebSocketUri = new Uri($"ws://{baseUri.Authority}/v1");
        RestUri = new Uri(baseUri, "/v1");
    }

    public Uri BaseUri { get; }

    public Uri WebSocketUri { get; }

    public Uri RestUri { get; }

    public IServiceProvider Services => _app.Services;

    public EmulatorOptions Options => Services.GetRequiredService<IOptions<EmulatorOptions>>().Value;

    /// <summary>A key the emulator accepts: the first configured accepted key, else "emulator-api-key".</summary>
    public string ApiKey => Options.AcceptedApiKeys.FirstOrDefault() ?? "emulator-api-key";

    /// <summary>The "runware" connection string: Endpoint=ws://127.0.0.1:P/v1;ApiKey=...</summary>
    public string ConnectionString => $"Endpoint={WebSocketUri};ApiKey={ApiKey}";

    public FaultInjector Faults => Services.GetRequiredService<FaultInjector>();

    public EmulatorStats Stats => Services.GetRequiredService<EmulatorStats>();

    public CreditLedger Credits => Services.GetRequiredService<CreditLedger>();

    public LatencyModel Latency => Services.GetRequiredService<LatencyModel>();

    public MediaStore Media => Services.GetRequiredService<MediaStore>();

    public int OpenSockets => Services.GetRequiredService<ConnectionHub>().OpenSockets;

    public Task SetFaultsAsync(FaultSettings faults)
    {
        Faults.Apply(faults);
        return Task.CompletedTask;
    }

    public Task ClearFaultsAsync()
    {
        Faults.Clear();
        return Task.CompletedTask;
    }

    /// <summary>Aborts every open socket now (no close handshake).</summary>
    public Task DropSocketsAsync()
    {
        Services.GetRequiredService<ConnectionHub>().DropAll();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
