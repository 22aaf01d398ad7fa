namespace RunwareCloud.Gateway.Data;

/// <summary>An API key. Only its SHA-256 hash is kept; the key itself is shown once, when it is created.</summary>
public sealed class ApiKey
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required Guid UserId { get; init; }
    public required string Name { get; init; }
    public required string Prefix { get; init; }
    public required string KeyHash { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
}
