using Microsoft.EntityFrameworkCore;

namespace RunwareCloud.Generation.Api.Infrastructure;

/// <summary>Creates the schema before the service takes traffic.</summary>
public sealed class GenerationDatabase(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GenerationDbContext>();
        await db.Database.EnsureCreatedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
