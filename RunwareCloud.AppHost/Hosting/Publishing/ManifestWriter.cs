using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RunwareCloud.AppHost.Hosting.Publishing;

/// <summary>
/// Writes the Aspire deployment manifest (schema aspire-8.0, the 8.x/9.x shape): only project.v0, container.v0, value.v0
/// and parameter.v0, in declaration order with generated passwords last; paths relative to the manifest's folder.
/// </summary>
public sealed class ManifestWriter(Utf8JsonWriter json, string manifestDirectory)
{
    public const string Schema = "https://json.schemastore.org/aspire-8.0.json";

    public Utf8JsonWriter Json { get; } = json;

    /// <summary>The project file of a repository project, relative to the manifest, with forward slashes.</summary>
    public string ProjectPath(string projectName)
    {
        var project = Path.Combine(RepositoryRoot(), "src", projectName, projectName + ".csproj");
        return Path.GetRelativePath(manifestDirectory, project).Replace('\\', '/');
    }

    public static void Publish(IReadOnlyList<Resource> resources, string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        File.WriteAllText(full, Render(resources, directory));
    }

    public static string Render(IReadOnlyList<Resource> resources, string manifestDirectory)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var writer = new ManifestWriter(json, manifestDirectory);
            json.WriteStartObject();
            json.WriteString("$schema", Schema);
            json.WriteStartObject("resources");
            var published = resources.Where(resource => resource.IsPublished).ToList();
            foreach (var resource in published.Concat(published.SelectMany(resource => resource.ImplicitParameters)))
            {
                json.WriteStartObject(resource.Name);
                resource.WriteManifest(writer);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The repository root, recorded at build time (the manifest names project files in it).</summary>
    public static string RepositoryRoot()
    {
        var recorded = typeof(ManifestWriter).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "RunwareCloud.sln")))
        {
            return Path.GetFullPath(recorded);
        }

        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RunwareCloud.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (RunwareCloud.sln) was not found.");
    }
}
