using Microsoft.Extensions.Options;

namespace RunwareCloud.Runware.Emulator.Accounting;

/// <summary>Accepts the configured keys, or any non-empty key that is not listed as rejected.</summary>
public sealed class ApiKeyPolicy(IOptions<EmulatorOptions> options)
{
    public bool IsAccepted(string? apiKey)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            return false;
        }

        var settings = options.Value;
        if (settings.RejectedApiKeys.Contains(apiKey))
        {
            return false;
        }

        return settings.AcceptedApiKeys.Count == 0 || settings.AcceptedApiKeys.Contains(apiKey);
    }
}
