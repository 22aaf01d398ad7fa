namespace RunwareCloud.Pmr.Emulator;

/// <summary>Settings of the PMR emulator (section <c>Emulator</c>): credentials it accepts, known events and start-up faults.</summary>
public sealed class PmrEmulatorOptions
{
    public const string SectionName = "Emulator";

    public string ClientId { get; set; } = "pmr-client";
    public string ClientSecret { get; set; } = "pmr-secret";
    public string ApiKey { get; set; } = "pmr-api-key";
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Event ids that exist besides those matching <see cref="EventIdPattern"/>.</summary>
    public List<string> KnownEvents { get; set; } = [];

    /// <summary>Every id matching this pattern exists, so tests and demos need no set-up.</summary>
    public string EventIdPattern { get; set; } = @"^EVT-\d{4,}$";

    public FaultSettings Faults { get; set; } = new();
}
