namespace RunwareCloud.AppHost.Hosting;

/// <summary>
/// Finds a project's entry assembly: every project builds into <c>&lt;artifacts&gt;/bin/&lt;Project&gt;/&lt;config&gt;/</c>
/// (UseArtifactsOutput), so a service's dll sits two folders up and across from the running assembly.
/// </summary>
public sealed class ProjectLocator(string baseDirectory)
{
    public static ProjectLocator FromRunningAssembly() => new(AppContext.BaseDirectory);

    public string ArtifactsBinDirectory => Path.GetFullPath(Path.Combine(baseDirectory, "..", ".."));

    public string Configuration => new DirectoryInfo(baseDirectory).Name;

    public string GetEntryAssembly(string projectName)
    {
        foreach (var configuration in new[] { Configuration, "debug", "release" }.Distinct())
        {
            var candidate = Path.Combine(ArtifactsBinDirectory, projectName, configuration, projectName + ".dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"{projectName} is not built (looked in {Path.Combine(ArtifactsBinDirectory, projectName, Configuration)}): run dotnet build RunwareCloud.sln.");
    }
}

/// <summary>The service projects the AppHost starts, by project (assembly) name.</summary>
public static class Projects
{
    public const string Gateway = "RunwareCloud.Gateway";
    public const string GenerationApi = "RunwareCloud.Generation.Api";
    public const string ProcessingApi = "RunwareCloud.Processing.Api";
    public const string HistoryApi = "RunwareCloud.History.Api";
    public const string OrdersApi = "RunwareCloud.Orders.Api";
    public const string NotificationsApi = "RunwareCloud.Notifications.Api";
    public const string RunwareEmulator = "RunwareCloud.Runware.Emulator";
    public const string PmrEmulator = "RunwareCloud.Pmr.Emulator";
}
