using RunwareCloud.AppHost;
using RunwareCloud.AppHost.Hosting;
using RunwareCloud.AppHost.Hosting.Dashboard;

if (CommandLine.Has(args, InfrastructureOnly.Switch))
{
    return await InfrastructureOnly.RunAsync(args);
}

var builder = DistributedApplication.CreateBuilder(args);
builder.AddDashboard();

RunwareCloudGraph.Build(builder);

await builder.Build().RunAsync();
return 0;
