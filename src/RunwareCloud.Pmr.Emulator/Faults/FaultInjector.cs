namespace RunwareCloud.Pmr.Emulator;

/// <summary>The faults in force; changed at start from configuration and at run time through <c>POST /admin/faults</c>.</summary>
public sealed class FaultInjector(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private FaultSettings _settings = new();
    private DateTimeOffset? _outageUntil;

    public FaultSettings Current
    {
        get { lock (_lock) { return _settings; } }
    }

    public void Apply(FaultSettings settings)
    {
        lock (_lock)
        {
            _settings = settings;
            _outageUntil = settings.OutageSeconds is { } seconds ? clock.GetUtcNow().AddSeconds(seconds) : null;
        }
    }

    public void Clear() => Apply(new FaultSettings());

    public bool IsDown
    {
        get
        {
            lock (_lock)
            {
                return _settings.Outage || (_outageUntil is { } until && clock.GetUtcNow() < until);
            }
        }
    }

    public bool ShouldFail() => Current.ErrorRate > 0 && Random.Shared.NextDouble() < Current.ErrorRate;
}
