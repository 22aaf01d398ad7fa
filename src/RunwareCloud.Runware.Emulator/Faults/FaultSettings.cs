namespace RunwareCloud.Runware.Emulator.Faults;

/// <summary>Faults to inject; set from configuration (Emulator:Faults) at start or via POST /admin/faults at run time.</summary>
public sealed record FaultSettings
{
    /// <summary>Answer every authentication with an error (code <see cref="RefuseAuthCode"/>).</summary>
    public bool RefuseAuth { get; init; }

    public string RefuseAuthCode { get; init; } = "invalidApiKey";

    /// <summary>Abort (no close handshake) every socket when it receives its Nth message, counting the authentication.</summary>
    public int? DropSocketsAfterMessages { get; init; }

    /// <summary>One-shot: abort every open socket when these settings are applied. Not kept.</summary>
    public bool DropSocketsNow { get; init; }

    /// <summary>Per task type (either spelling, or "*" for all): answer that fraction of tasks with an error.</summary>
    public Dictionary<string, TaskErrorFault> TaskErrors { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Task types (or "*") that are accepted and never answered.</summary>
    public List<string> StallTaskTypes { get; init; } = [];
}

public sealed record TaskErrorFault
{
    /// <summary>0..1.</summary>
    public double Rate { get; init; } = 1;

    public string Code { get; init; } = "timeoutProvider";

    public string? Message { get; init; }
}
