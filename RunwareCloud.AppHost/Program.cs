using RunwareCloud.AppHost.Hosting;

if (CommandLine.Has(args, InfrastructureOnly.Switch))
{
    return await InfrastructureOnly.RunAsync(args);
}

Console.WriteLine("RunwareCloud AppHost");
return 0;
