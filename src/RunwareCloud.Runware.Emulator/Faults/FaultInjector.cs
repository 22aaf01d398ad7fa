using Microsoft.Extensions.Options;
using RunwareCloud.Runware.Emulator.Protocol;
using RunwareCloud.Runware.Emulator.Tasks;

namespace RunwareCloud.Runware.Emulator.Faults;

/// <summary>Holds the fault settings in force; swapped atomically.</summary>
public sealed class FaultInjector(IOptions<EmulatorOptions> options)
{
    private FaultSettings _current = options.Value.Faults with { DropSocketsNow = false };

    /// <summary>Raised with the new settings when <see cref="FaultSettings.DropSocketsNow"/> is applied.</summary>
    public event Action? DropSocketsRequested;

    public FaultSettings Current => Volatile.Read(ref _current);

    public void Apply(FaultSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Volatile.Write(ref _current, settings with { DropSocketsNow = false });
        if (settings.DropSocketsNow)
        {
            DropSocketsRequested?.Invoke();
        }
    }

    public void Clear() => Apply(new FaultSettings());

    public bool ShouldStall(string canonicalTaskType)
    {
        var stalled = Current.StallTaskTypes;
        return stalled.Contains("*") || stalled.Any(t => TaskTypes.Canonical(t) == canonicalTaskType);
    }

    public RunwareError? InjectedError(string canonicalTaskType)
    {
        foreach (var (type, fault) in Current.TaskErrors)
        {
            if ((type == "*" || TaskTypes.Canonical(type) == canonicalTaskType) && Random.Shared.NextDouble() < fault.Rate)
            {
                return RunwareError.Create(fault.Code, fault.Message ?? $"Injected fault: {fault.Code}.");
            }
        }

        return null;
    }
}
