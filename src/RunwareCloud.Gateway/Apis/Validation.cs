using System.Text.RegularExpressions;

namespace RunwareCloud.Gateway.Apis;

internal static partial class Validation
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 256;

    public static void UserName(Dictionary<string, string[]> errors, string? userName)
    {
        if (string.IsNullOrWhiteSpace(userName) || !UserNamePattern().IsMatch(userName.Trim()))
        {
            errors["userName"] = ["A user name is 3 to 64 letters, digits or . _ - @ characters."];
        }
    }

    public static void Password(Dictionary<string, string[]> errors, string? password)
    {
        if (password is null || password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            errors["password"] = [$"A password is {MinPasswordLength} to {MaxPasswordLength} characters."];
        }
    }

    public static void Role(Dictionary<string, string[]> errors, string? role)
    {
        if (role is null || !Roles.All.Contains(role))
        {
            errors["role"] = [$"The role must be one of: {string.Join(", ", Roles.All)}."];
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._\-@]{3,64}$")]
    private static partial Regex UserNamePattern();
}
