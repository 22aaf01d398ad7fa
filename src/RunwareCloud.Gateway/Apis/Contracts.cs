namespace RunwareCloud.Gateway.Apis;

public sealed record TokenRequest
{
    public string? UserName { get; init; }
    public string? Password { get; init; }
}

public sealed record TokenResponse
{
    public required string AccessToken { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required int ExpiresIn { get; init; }
    public string TokenType { get; init; } = "Bearer";
}

public sealed record MeResponse
{
    public required Guid Id { get; init; }
    public required string UserName { get; init; }
    public required string Role { get; init; }
    public required string AuthenticationMethod { get; init; }
}

public sealed record CreateApiKeyRequest
{
    public string? Name { get; init; }
}

public sealed record ApiKeyResponse
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required string Prefix { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>The one response that carries the key itself.</summary>
public sealed record CreatedApiKeyResponse
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required string Prefix { get; init; }
    public required string Key { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

public sealed record CreateUserRequest
{
    public string? UserName { get; init; }
    public string? Password { get; init; }
    public string? Role { get; init; }
}

public sealed record UpdateUserRequest
{
    public string? Role { get; init; }
    public bool? Disabled { get; init; }
    public string? Password { get; init; }
}

public sealed record UserResponse
{
    public required Guid Id { get; init; }
    public required string UserName { get; init; }
    public required string Role { get; init; }
    public required bool Disabled { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DisabledAt { get; init; }
}
