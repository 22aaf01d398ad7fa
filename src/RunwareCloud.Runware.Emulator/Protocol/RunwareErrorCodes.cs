namespace RunwareCloud.Runware.Emulator.Protocol;

/// <summary>Every error code the emulator can send, with the HTTP status used for it on the REST transport.</summary>
public static class RunwareErrorCodes
{
    public const string InvalidApiKey = "invalidApiKey";
    public const string MissingApiKey = "missingApiKey";
    public const string InvalidJson = "invalidJson";
    public const string MissingTaskType = "missingTaskType";
    public const string UnsupportedTaskType = "unsupportedTaskType";
    public const string InvalidTaskUuid = "invalidTaskUUID";
    public const string ConflictTaskUuid = "conflictTaskUUID";
    public const string InvalidPositivePrompt = "invalidPositivePrompt";
    public const string InvalidNegativePrompt = "invalidNegativePrompt";
    public const string InvalidModel = "invalidModel";
    public const string InvalidWidth = "invalidWidth";
    public const string InvalidHeight = "invalidHeight";
    public const string InvalidNumberResults = "invalidNumberResults";
    public const string InvalidSteps = "invalidSteps";
    public const string InvalidCfgScale = "invalidCFGScale";
    public const string InvalidSeed = "invalidSeed";
    public const string InvalidStrength = "invalidStrength";
    public const string InvalidClipSkip = "invalidClipSkip";
    public const string InvalidSeedImage = "invalidSeedImage";
    public const string InvalidMaskImage = "invalidMaskImage";
    public const string InvalidInputImage = "invalidInputImage";
    public const string InvalidImage = "invalidImage";
    public const string InvalidOutputType = "invalidOutputType";
    public const string InvalidOutputFormat = "invalidOutputFormat";
    public const string InvalidOutputQuality = "invalidOutputQuality";
    public const string InvalidDeliveryMethod = "invalidDeliveryMethod";
    public const string InvalidUpscaleFactor = "invalidUpscaleFactor";
    public const string InvalidPrompt = "invalidPrompt";
    public const string InvalidPromptMaxLength = "invalidPromptMaxLength";
    public const string InvalidPromptVersions = "invalidPromptVersions";
    public const string InvalidDuration = "invalidDuration";
    public const string InvalidFps = "invalidFps";
    public const string InvalidLimit = "invalidLimit";
    public const string InvalidOffset = "invalidOffset";
    public const string TaskNotFound = "taskNotFound";
    public const string InsufficientCredits = "insufficientCredits";
    public const string TimeoutProvider = "timeoutProvider";
    public const string ProviderError = "providerError";
    public const string InternalServerError = "internalServerError";

    public static int HttpStatus(string code) => code switch
    {
        InvalidApiKey or MissingApiKey => StatusCodes.Status401Unauthorized,
        InsufficientCredits => StatusCodes.Status402PaymentRequired,
        TaskNotFound => StatusCodes.Status404NotFound,
        ConflictTaskUuid => StatusCodes.Status409Conflict,
        TimeoutProvider => StatusCodes.Status504GatewayTimeout,
        ProviderError => StatusCodes.Status502BadGateway,
        InternalServerError => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    };
}
