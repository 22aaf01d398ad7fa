namespace RunwareCloud.Gateway.Data;

public sealed class User
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string UserName { get; set; }
    public required string NormalizedUserName { get; set; }
    public string PasswordHash { get; set; } = "";
    public required string Role { get; set; }
    public bool IsDisabled { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DisabledAt { get; set; }

    public static string Normalize(string userName) => userName.Trim().ToUpperInvariant();
}
