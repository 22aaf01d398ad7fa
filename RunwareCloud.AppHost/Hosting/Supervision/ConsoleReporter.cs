using System.Text;

namespace RunwareCloud.AppHost.Hosting.Supervision;

/// <summary>
/// The host's console: every resource's output prefixed with its name, and — on a terminal — a table of resources
/// (state, health, URL) whenever something changes.
/// </summary>
public sealed class ConsoleReporter : IDisposable
{
    private static readonly ConsoleColor[] s_colors =
        [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Yellow, ConsoleColor.Magenta, ConsoleColor.Blue, ConsoleColor.DarkCyan, ConsoleColor.DarkYellow, ConsoleColor.DarkGreen];

    private readonly IReadOnlyList<Resource> _resources;
    private readonly bool _interactive = !Console.IsOutputRedirected;
    private readonly int _width;
    private readonly Lock _gate = new();
    private readonly Timer _table;
    private bool _dirty;

    public ConsoleReporter(IReadOnlyList<Resource> resources)
    {
        _resources = resources;
        _width = resources.Count == 0 ? 8 : resources.Max(resource => resource.Name.Length);
        for (var i = 0; i < resources.Count; i++)
        {
            var resource = resources[i];
            var color = s_colors[i % s_colors.Length];
            resource.Logs.LineAdded += line => Write(resource.Name, color, line.Text);
        }

        _table = new Timer(_ => PrintTableIfChanged(), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
    }

    public void OnChanged(Resource resource)
    {
        lock (_gate)
        {
            _dirty = true;
            if (!_interactive)
            {
                Console.Out.WriteLine($"{resource.Name.PadRight(_width)} | [{resource.State}{(resource.Health == ResourceHealth.Unknown ? "" : ", " + resource.Health)}]");
            }
        }
    }

    /// <summary>Where to look while the resources start.</summary>
    public void PrintEndpoints(DistributedApplicationBuilder builder)
    {
        lock (_gate)
        {
            foreach (var project in _resources.OfType<ProjectResource>().Where(project => project.IsExternalHttp))
            {
                Console.Out.WriteLine($"{project.Name} will listen on {project.Http.Url}");
            }

            if (builder.Dashboard?.Url is { } dashboard)
            {
                Console.Out.WriteLine($"dashboard: {dashboard}");
            }
        }
    }

    public void PrintReady(DistributedApplicationBuilder builder)
    {
        lock (_gate)
        {
            _dirty = false;
            Console.Out.WriteLine(Table());
            foreach (var project in _resources.OfType<ProjectResource>().Where(project => project.IsExternalHttp))
            {
                Console.Out.WriteLine($"{project.Name}: {project.Http.Url}");
            }

            if (builder.Dashboard?.Url is { } dashboard)
            {
                Console.Out.WriteLine($"dashboard: {dashboard}");
            }

            foreach (var message in builder.ReadyMessages)
            {
                if (message() is { Length: > 0 } text)
                {
                    Console.Out.WriteLine(text);
                }
            }

            Console.Out.WriteLine("Press Ctrl+C to stop.");
        }
    }

    private void Write(string name, ConsoleColor color, string text)
    {
        lock (_gate)
        {
            if (_interactive)
            {
                Console.ForegroundColor = color;
                Console.Out.Write(name.PadRight(_width));
                Console.Out.Write(" | ");
                Console.ResetColor();
                Console.Out.WriteLine(text);
            }
            else
            {
                Console.Out.WriteLine($"{name.PadRight(_width)} | {text}");
            }
        }
    }

    private void PrintTableIfChanged()
    {
        lock (_gate)
        {
            if (!_interactive || !_dirty)
            {
                return;
            }

            _dirty = false;
            Console.Out.WriteLine(Table());
        }
    }

    public string Table()
    {
        var rows = _resources
            .Where(resource => resource is not ParameterResource)
            .Select(resource => (resource.Name, State: resource.IsExternal ? "External" : resource.State.ToString(), Health: resource.Health.ToString(),
                Url: SafeUrl(resource)))
            .ToList();
        var stateWidth = Math.Max(5, rows.Max(row => row.State.Length));
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine($"{"NAME".PadRight(_width)}  {"STATE".PadRight(stateWidth)}  {"HEALTH",-9}  URL");
        foreach (var row in rows)
        {
            text.AppendLine($"{row.Name.PadRight(_width)}  {row.State.PadRight(stateWidth)}  {row.Health,-9}  {row.Url}");
        }

        return text.ToString();
    }

    private static string SafeUrl(Resource resource)
    {
        try
        {
            return resource.Urls.FirstOrDefault() ?? "";
        }
        catch (InvalidOperationException)
        {
            return "";
        }
    }

    public void Dispose() => _table.Dispose();
}
