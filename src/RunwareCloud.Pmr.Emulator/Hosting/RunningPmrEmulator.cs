using Microsoft.Extensions.Options;
using RunwareCloud.Pmr.Emulator.Apis;

namespace RunwareCloud.Pmr.Emulator;

/// <summary>A PMR emulator started by <see cref="PmrEmulatorServer.StartAsync"/>: its address, connection string, faults and upload stats.</summary>
public sealed class RunningPmrEmulator(WebApplication app, Uri baseUri) : IAsyncDisposable
{
    private int _stopped;

    public Uri BaseUri => baseUri;

    public IServiceProvider Services => app.Services;

    public PmrEmulatorOptions Options => Services.GetRequiredService<IOptions<PmrEmulatorOptions>>().Value;

    /// <summary>The "pmr" connection string: Endpoint=http://127.0.0.1:P;ClientId=...;ClientSecret=...;ApiKey=...</summary>
    public string ConnectionString =>
        $"Endpoint={BaseUri.ToString().TrimEnd('/')};ClientId={Options.ClientId};ClientSecret={Options.ClientSecret};ApiKey={Options.ApiKey}";

    public FaultInjector Faults => Services.GetRequiredService<FaultInjector>();

    public PmrStore Store => Services.GetRequiredService<PmrStore>();

    public void SetFaults(FaultSettings faults) => Faults.Apply(faults);

    public void ClearFaults() => Faults.Clear();

    public IReadOnlyList<UploadStats> Uploads => [.. Store.Orders.Select(UploadStats.From)];

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
