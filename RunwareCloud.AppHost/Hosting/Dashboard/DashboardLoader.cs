using System.Reflection;
using System.Runtime.Loader;

namespace RunwareCloud.AppHost.Hosting.Dashboard;

/// <summary>
/// Finds the ops dashboard (<c>RunwareCloud.Dashboard</c>, a library that references this host and implements
/// <see cref="IDashboardSink"/> with a public parameterless constructor) in the artifacts folder and loads it. The host
/// does not reference the dashboard, so the dashboard can reference the host's contracts without a cycle.
/// </summary>
public static class DashboardLoader
{
    public const string AssemblyName = "RunwareCloud.Dashboard";

    public static IDashboardSink? TryLoad(ProjectLocator projects)
    {
        string path;
        try
        {
            path = projects.GetEntryAssembly(AssemblyName);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        var resolver = new AssemblyDependencyResolver(path);
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            resolver.ResolveAssemblyToPath(name) is { } dependency ? context.LoadFromAssemblyPath(dependency) : null;
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        var sinkType = assembly.GetExportedTypes()
            .FirstOrDefault(type => typeof(IDashboardSink).IsAssignableFrom(type) && type is { IsAbstract: false, IsInterface: false });
        return sinkType is null ? null : (IDashboardSink?)Activator.CreateInstance(sinkType);
    }

    /// <summary>Adds the dashboard when it is built (run mode only; <c>--no-dashboard</c> turns it off).</summary>
    public static DistributedApplicationBuilder AddDashboard(this DistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode || CommandLine.Has(builder.Options.Args, "--no-dashboard"))
        {
            return builder;
        }

        var projects = builder.Options.ProjectsBaseDirectory is { } baseDirectory ? new ProjectLocator(baseDirectory) : ProjectLocator.FromRunningAssembly();
        try
        {
            if (TryLoad(projects) is { } dashboard)
            {
                builder.AddDashboard(dashboard);
            }
        }
        catch (Exception exception) when (exception is BadImageFormatException or FileLoadException or TargetInvocationException or TypeLoadException)
        {
            Console.Error.WriteLine($"The dashboard could not be loaded: {exception.Message}");
        }

        return builder;
    }
}
