using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace RunwareCloud.Gateway.Data;

/// <summary>Applies the schema migrations (Data/Migrations) and seeds the first administrator before the gateway takes requests.</summary>
public sealed partial class GatewayDatabaseInitializer(
    IServiceScopeFactory scopes,
    IPasswordHasher<User> passwordHasher,
    IOptions<BootstrapOptions> bootstrap,
    TimeProvider clock,
    ILogger<GatewayDatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();

        await db.Database.MigrateOneAtATimeAsync(cancellationToken);
        await SeedAdministratorAsync(db, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedAdministratorAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.Role == Roles.Admin && !u.IsDisabled, cancellationToken))
        {
            return;
        }

        var options = bootstrap.Value;
        if (string.IsNullOrEmpty(options.AdminPassword))
        {
            LogNoAdministrator(logger, BootstrapOptions.SectionName);
            return;
        }

        var normalized = User.Normalize(options.AdminUserName);
        var admin = await db.Users.SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, cancellationToken);
        if (admin is null)
        {
            admin = new User
            {
                UserName = options.AdminUserName.Trim(),
                NormalizedUserName = normalized,
                Role = Roles.Admin,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Users.Add(admin);
        }

        admin.Role = Roles.Admin;
        admin.IsDisabled = false;
        admin.DisabledAt = null;
        admin.PasswordHash = passwordHasher.HashPassword(admin, options.AdminPassword);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            LogAdministratorSeeded(logger, admin.UserName);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another gateway instance seeded the administrator at the same moment.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No administrator exists and {Section}:AdminPassword is not set; no administrator was created")]
    private static partial void LogNoAdministrator(ILogger logger, string section);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded administrator {UserName}")]
    private static partial void LogAdministratorSeeded(ILogger logger, string userName);
}
