using Microsoft.Extensions.Configuration;
using RunwareCloud.AppHost.Hosting.Publishing;

namespace RunwareCloud.AppHost.Hosting;

/// <summary>How a parameter's value is generated when nobody supplies one (Aspire's <c>GenerateParameterDefault</c>).</summary>
public sealed record GenerateParameterDefault
{
    public int MinLength { get; init; } = 22;

    public bool Special { get; init; } = true;
}

/// <summary>
/// A value from configuration (<c>Parameters:{name}</c>, i.e. environment variable <c>Parameters__{name}</c>). A generated
/// parameter without a configured value is generated once and kept in the data folder.
/// </summary>
public sealed class ParameterResource(string name, bool secret, GenerateParameterDefault? generate) : Resource(name), IValueProvider
{
    private string? _value;
    private RunContext? _context;

    public override string ResourceType => "Parameter";

    public bool Secret { get; } = secret;

    public GenerateParameterDefault? Generate { get; } = generate;

    /// <summary>True when this run generated the value (a fresh install).</summary>
    public bool WasGenerated { get; private set; }

    public override void Allocate(RunContext context) => _context = context;

    public string GetValue()
    {
        if (_value is not null)
        {
            return _value;
        }

        var context = _context ?? throw new InvalidOperationException($"Parameter '{Name}' is read before the application started.");
        if (context.Configuration[$"Parameters:{Name}"] is { Length: > 0 } configured)
        {
            return _value = configured;
        }

        if (Generate is null && !Secret)
        {
            throw new InvalidOperationException($"Parameter '{Name}' is missing: set environment variable Parameters__{Name}.");
        }

        // Secrets without a default (e.g. the Runware API key for the local emulator) get a local value in run mode.
        _value = context.Secrets.GetOrGenerate(Name, Math.Max(Generate?.MinLength ?? 32, 22));
        WasGenerated = context.Secrets.WasGenerated(Name);
        return _value;
    }

    public string ManifestExpression => $"{{{Name}.value}}";

    public bool IsSecret => Secret;

    public override IReadOnlyDictionary<string, string> DisplayEnvironment => new Dictionary<string, string>();

    public override void WriteManifest(ManifestWriter writer)
    {
        var json = writer.Json;
        json.WriteString("type", "parameter.v0");
        json.WriteString("value", $"{{{Name}.inputs.value}}");
        WriteInputs(writer, Name, Secret, Generate);
    }

    internal static void WriteInputs(ManifestWriter writer, string name, bool secret, GenerateParameterDefault? generate)
    {
        var json = writer.Json;
        json.WriteStartObject("inputs");
        json.WriteStartObject("value");
        json.WriteString("type", "string");
        if (secret)
        {
            json.WriteBoolean("secret", true);
        }

        if (generate is not null)
        {
            json.WriteStartObject("default");
            json.WriteStartObject("generate");
            json.WriteNumber("minLength", generate.MinLength);
            if (!generate.Special)
            {
                json.WriteBoolean("special", false);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}

/// <summary>
/// A connection string to a service outside the application (Runware, the PMR): configured as
/// <c>ConnectionStrings:{name}</c>, or — in run mode when not configured — pointing at a local emulator.
/// In the manifest it is a secret connection-string parameter.
/// </summary>
public sealed class ConnectionStringResource(string name) : Resource(name), IResourceWithConnectionString
{
    private string? _configured;

    public override string ResourceType => "ConnectionString";

    /// <summary>The run-mode value when nothing is configured (set by <c>RunAsEmulator</c>).</summary>
    public ReferenceExpression? EmulatorConnectionString { get; internal set; }

    /// <summary>True when configuration names an existing service: no emulator is needed.</summary>
    public bool IsConfigured(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        configuration.GetConnectionString(Name) is { Length: > 0 };

    public override void Allocate(RunContext context)
    {
        _configured = context.Configuration.GetConnectionString(Name) is { Length: > 0 } value ? value : null;
        IsExternal = _configured is not null;
    }

    public string GetConnectionString() =>
        _configured ?? EmulatorConnectionString?.GetValue()
        ?? throw new InvalidOperationException($"Connection string '{Name}' is missing: set environment variable ConnectionStrings__{Name}.");

    public string GetValue() => GetConnectionString();

    public string ManifestExpression => $"{{{Name}.connectionString}}";

    public bool IsSecret => true;

    public string ManifestConnectionString => $"{{{Name}.value}}";

    public override IReadOnlyList<string> Urls => [SecretMasker.MaskConnectionString(GetConnectionString())];

    public override void WriteManifest(ManifestWriter writer)
    {
        var json = writer.Json;
        json.WriteString("type", "parameter.v0");
        json.WriteString("connectionString", ManifestConnectionString);
        json.WriteString("value", $"{{{Name}.inputs.value}}");
        ParameterResource.WriteInputs(writer, Name, secret: true, generate: null);
    }
}
