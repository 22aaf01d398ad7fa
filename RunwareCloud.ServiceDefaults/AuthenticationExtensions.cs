using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using RunwareCloud.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

public static class AuthenticationExtensions
{
    /// <summary>
    /// Validates the gateway-issued JWT (HS256, section <c>Identity</c>) in every service, so that each service enforces
    /// identity and roles itself instead of trusting the network.
    /// </summary>
    public static IHostApplicationBuilder AddDefaultAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentityOptions>()
            .BindConfiguration(IdentityOptions.SectionName)
            .Validate(options => Encoding.UTF8.GetByteCount(options.SigningKey) >= 32,
                $"{IdentityOptions.SectionName}:{nameof(IdentityOptions.SigningKey)} must be set to at least 32 bytes")
            .ValidateOnStart();

        var identity = builder.Configuration.GetSection(IdentityOptions.SectionName).Get<IdentityOptions>() ?? new IdentityOptions();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = JwtTokens.CreateValidationParameters(identity);
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.CanWrite, policy => policy.RequireRole(Roles.Admin, Roles.Manager, Roles.User))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin))
            .SetFallbackPolicy(null);

        return builder;
    }
}

/// <summary>The shared token settings (section <c>Identity</c>); the signing key is an AppHost secret.</summary>
public sealed class IdentityOptions
{
    public const string SectionName = "Identity";

    public string Issuer { get; set; } = "runwarecloud";
    public string Audience { get; set; } = "runwarecloud";
    public string SigningKey { get; set; } = "";
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
}

public static class Roles
{
    public const string Admin = "admin";
    public const string Manager = "manager";
    public const string User = "user";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Manager, User, Viewer];
}

public static class Policies
{
    public const string CanWrite = "can-write";
    public const string Admin = "admin";
}

public static class ClaimsPrincipalExtensions
{
    /// <summary>The caller's user id (the token's <c>sub</c>).</summary>
    public static Guid GetUserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(JwtTokens.SubjectClaim), out var id) ? id : Guid.Empty;

    public static string? GetRole(this ClaimsPrincipal user) => user.FindFirstValue(JwtTokens.RoleClaim);

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);
}

public static class JwtTokens
{
    public const string SubjectClaim = "sub";
    public const string NameClaim = "name";
    public const string RoleClaim = "role";

    public static TokenValidationParameters CreateValidationParameters(IdentityOptions options) => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey)),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = NameClaim,
        RoleClaimType = RoleClaim,
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    /// <summary>Issues a signed token for a user; used by the gateway and by tests that act as a user.</summary>
    public static string Issue(IdentityOptions options, Guid userId, string userName, string role, DateTimeOffset now)
    {
        var handler = new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler();
        var credentials = new SigningCredentials(
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey)), SecurityAlgorithms.HmacSha256);
        var token = new System.IdentityModel.Tokens.Jwt.JwtSecurityToken(
            options.Issuer,
            options.Audience,
            [new Claim(SubjectClaim, userId.ToString()), new Claim(NameClaim, userName), new Claim(RoleClaim, role)],
            notBefore: now.UtcDateTime,
            expires: now.Add(options.TokenLifetime).UtcDateTime,
            signingCredentials: credentials);
        return handler.WriteToken(token);
    }
}
