using RunwareCloud.AppHost;
using RunwareCloud.AppHost.Hosting;

if (CommandLine.Has(args, InfrastructureOnly.Switch))
{
    return await InfrastructureOnly.RunAsync(args);
}

var builder = DistributedApplication.CreateBuilder(args);

RunwareCloudGraph.Build(builder);

await builder.Build().RunAsync();
return 0;
