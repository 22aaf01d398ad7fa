namespace RunwareCloud.History.Api.Assets;

/// <summary>Bytes that history will not store; the message is the reason a user reads.</summary>
public sealed class RejectedContentException(string reason) : Exception(reason);
