using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RunwareCloud.AppHost.Hosting;
using RunwareCloud.AppHost.Hosting.Processes;
using RunwareCloud.AppHost.Hosting.Publishing;

namespace RunwareCloud.AppHost.Tests;

public sealed partial class ManifestTests
{
    private static readonly string s_committed = Path.Combine(ManifestWriter.RepositoryRoot(), "aspire-manifest.json");

    private static string Publish()
    {
        using var folder = new TempFolder("manifest");
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--publisher", "manifest", "--output-path", Path.Combine(folder.Path, "aspire-manifest.json")],
            DataDirectory = Path.Combine(folder.Path, "data"),
            UseEnvironmentVariables = false,
            WriteToConsole = false,
        });
        RunwareCloudGraph.Build(builder);
        return ManifestWriter.Render(builder.Build().Resources, ManifestWriter.RepositoryRoot());
    }

    private static JsonObject Resources(string json) => JsonNode.Parse(json)!["resources"]!.AsObject();

    [Fact]
    public void Published_manifest_equals_the_committed_aspire_manifest()
    {
        Assert.Equal(File.ReadAllText(s_committed), Publish());
    }

    [Fact]
    public void Manifest_is_the_same_when_real_services_are_configured()
    {
        using var folder = new TempFolder("manifest");
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--publisher", "manifest"],
            DataDirectory = folder.Path,
            UseEnvironmentVariables = false,
            WriteToConsole = false,
            Configuration = { ["ConnectionStrings:runware"] = "Endpoint=wss://ws-api.runware.ai/v1;ApiKey=k", ["ConnectionStrings:postgres"] = "Host=db" },
        });
        RunwareCloudGraph.Build(builder);

        Assert.Equal(Publish(), ManifestWriter.Render(builder.Build().Resources, ManifestWriter.RepositoryRoot()));
    }

    [Fact]
    public void Every_expression_in_the_manifest_resolves()
    {
        var resources = Resources(Publish());
        var unresolved = new List<string>();
        foreach (var value in Strings(resources))
        {
            foreach (Match match in Expression().Matches(value))
            {
                var parts = match.Groups[1].Value.Split('.');
                var resource = resources[parts[0]]?.AsObject();
                var resolves = resource is not null && parts[1] switch
                {
                    "connectionString" => parts.Length == 2 && resource["connectionString"] is not null,
                    "value" => parts.Length == 2 && resource["value"] is not null,
                    "inputs" => parts.Length == 3 && resource["inputs"]?[parts[2]] is not null,
                    "bindings" => parts.Length == 4 && resource["bindings"]?[parts[2]] is not null
                        && parts[3] is "url" or "host" or "port" or "targetPort" or "scheme",
                    _ => false,
                };
                if (!resolves)
                {
                    unresolved.Add(match.Value);
                }
            }
        }

        Assert.Empty(unresolved);
    }

    [Fact]
    public void Manifest_uses_supported_types_keeps_external_apis_secret_and_exposes_only_the_gateway()
    {
        var resources = Resources(Publish());

        Assert.All(resources, resource =>
            Assert.Contains(resource.Value!["type"]!.GetValue<string>(), new[] { "project.v0", "container.v0", "value.v0", "parameter.v0" }));
        foreach (var name in new[] { "runware", "pmr" })
        {
            Assert.Equal("parameter.v0", resources[name]!["type"]!.GetValue<string>());
            Assert.Equal($"{{{name}.value}}", resources[name]!["connectionString"]!.GetValue<string>());
            Assert.True(resources[name]!["inputs"]!["value"]!["secret"]!.GetValue<bool>());
        }

        Assert.Equal(["gateway"], resources.Where(resource => resource.Value!["bindings"]?.AsObject()
            .Any(binding => binding.Value!["external"]?.GetValue<bool>() == true) == true).Select(resource => resource.Key));
        Assert.DoesNotContain(resources, resource => resource.Key.EndsWith("-emulator", StringComparison.Ordinal));
        Assert.Equal(["postgres-password", "redis-password", "messaging-password"], resources.Select(resource => resource.Key).TakeLast(3));
        foreach (var project in resources.Where(resource => resource.Value!["type"]!.GetValue<string>() == "project.v0"))
        {
            Assert.True(File.Exists(Path.Combine(ManifestWriter.RepositoryRoot(), project.Value!["path"]!.GetValue<string>())), project.Key);
        }
    }

    [Fact]
    public async Task AppHost_publishes_the_manifest_from_the_command_line_without_starting_anything()
    {
        using var folder = new TempFolder("publish");
        var output = Path.Combine(folder.Path, "out", "aspire-manifest.json");
        var appHost = Path.Combine(AppContext.BaseDirectory, "RunwareCloud.AppHost.dll");

        var result = await CommandRunner.RunAsync(ProjectResource.DotNetHost(), [appHost, "--publisher", "manifest", "--output-path", output],
            new Dictionary<string, string?> { ["ConnectionStrings__postgres"] = null }, TimeSpan.FromSeconds(60));

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(Path.Combine(folder.Path, "data"), result.Output);
        var published = Resources(await File.ReadAllTextAsync(output));
        var committed = Resources(await File.ReadAllTextAsync(s_committed));
        Assert.Equal(committed.Select(resource => resource.Key), published.Select(resource => resource.Key));
        var gatewayPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(output)!, published["gateway"]!["path"]!.GetValue<string>()));
        Assert.True(File.Exists(gatewayPath), gatewayPath);
        Assert.DoesNotContain("Starting", result.Output, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(property => Strings(property.Value)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    [GeneratedRegex(@"\{([^{}]+)\}")]
    private static partial Regex Expression();
}
