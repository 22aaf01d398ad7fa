using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Identity;
using RunwareCloud.Gateway.Data;

namespace RunwareCloud.Gateway.Identity;

/// <summary>
/// Checks a password against a user, or against a decoy hash when there is no such user, so that the time taken does not
/// reveal which user names exist.
/// </summary>
public sealed class PasswordCheck(IPasswordHasher<User> hasher)
{
    private readonly Lazy<string> _decoyHash = new(() =>
        hasher.HashPassword(new User { UserName = "", NormalizedUserName = "", Role = "", CreatedAt = default }, Guid.NewGuid().ToString()));

    /// <summary>True when the user exists, is active and the password matches; rehashes it when the hasher asks to.</summary>
    public bool Verify([NotNullWhen(true)] User? user, string password)
    {
        var result = hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? _decoyHash.Value, password);
        if (user is null || user.IsDisabled || result == PasswordVerificationResult.Failed)
        {
            return false;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }

        return true;
    }
}
