using System.Security.Cryptography;
using System.Text;
using Npgsql;
using RunwareCloud.AppHost.Hosting.Processes;

namespace RunwareCloud.AppHost.Hosting.Servers;

/// <summary>
/// PostgreSQL from the Debian packages. Postgres refuses to run as root, so as root it runs as the <c>postgres</c> system
/// user (runuser) on a folder that user owns and can reach; otherwise as the current user.
/// </summary>
/// <remarks><paramref name="dataDirectory"/> is this server's own folder.</remarks>
public sealed class PostgresServer(string name, string dataDirectory, int port, string password, bool fastUnsafeSettings, Action<string> log)
    : LocalServer(name, log)
{
    private const string SystemUser = "postgres";
    private string? _root;

    public int Port { get; } = port;

    public override IReadOnlyList<int> Ports => [Port];

    public override string ConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={password};Database=postgres";

    /// <summary>Where the cluster lives (differs from the data directory when the postgres user cannot reach it).</summary>
    public string? ClusterDirectory => _root is null ? null : Path.Combine(_root, "data");

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var bin = FindBinDirectory();
        _root = await PrepareRootAsync(cancellationToken);
        var cluster = Path.Combine(_root, "data");

        if (!File.Exists(Path.Combine(cluster, "PG_VERSION")))
        {
            var passwordFile = Path.Combine(_root, "initdb-password");
            await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
            await ChownAsync(passwordFile, cancellationToken);
            try
            {
                await CommandRunner.RunCheckedAsync(AsServerUser(Path.Combine(bin, "initdb")).FileName,
                    [.. AsServerUser(Path.Combine(bin, "initdb")).Arguments,
                        "-D", cluster, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
                        $"--pwfile={passwordFile}", "-E", "UTF8", "--locale=C.UTF-8"],
                    timeout: TimeSpan.FromSeconds(120), cancellationToken: cancellationToken);
            }
            finally
            {
                File.Delete(passwordFile);
            }
        }

        await StopLeftoverServerAsync(bin, cluster, cancellationToken);
        List<string> settings =
        [
            "-D", cluster, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300",
        ];
        if (fastUnsafeSettings)
        {
            // Throwaway test clusters only: durability is traded for speed.
            settings.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }

        var server = AsServerUser(Path.Combine(bin, "postgres"));
        Process = ManagedProcess.Start(
            new ProcessSpec { FileName = server.FileName, Arguments = [.. server.Arguments, .. settings], WorkingDirectory = _root },
            Log);

        await WaitUntilReadyAsync(CanQueryAsync, $"accepting connections on {Port}", cancellationToken);
    }

    public override async Task StopAsync()
    {
        if (Process is not { HasExited: false } process || _root is null)
        {
            return;
        }

        var pgCtl = AsServerUser(Path.Combine(FindBinDirectory(), "pg_ctl"));
        await process.StopAsync(
            () => CommandRunner.RunAsync(pgCtl.FileName,
                [.. pgCtl.Arguments, "-D", Path.Combine(_root, "data"), "-m", "fast", "-w", "-t", "30", "stop"],
                timeout: TimeSpan.FromSeconds(35)),
            TimeSpan.FromSeconds(35));
    }

    /// <summary>
    /// A host that was killed could not stop its servers: a postgres it started may still hold this cluster (its lock file
    /// names a live process), and a new one would refuse to start on it. That one is stopped first.
    /// </summary>
    private async Task StopLeftoverServerAsync(string bin, string cluster, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(cluster, "postmaster.pid")))
        {
            return;
        }

        var pgCtl = AsServerUser(Path.Combine(bin, "pg_ctl"));
        var status = await CommandRunner.RunAsync(pgCtl.FileName, [.. pgCtl.Arguments, "-D", cluster, "status"], cancellationToken: cancellationToken);
        if (!status.Succeeded)
        {
            return;
        }

        Log("a postgres an earlier host left running holds the cluster; stopping it");
        await CommandRunner.RunCheckedAsync(pgCtl.FileName, [.. pgCtl.Arguments, "-D", cluster, "-m", "fast", "-w", "-t", "30", "stop"],
            timeout: TimeSpan.FromSeconds(35), cancellationToken: cancellationToken);
    }

    private async Task<bool> CanQueryAsync(CancellationToken cancellationToken)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 3 };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            return Equals(await command.ExecuteScalarAsync(cancellationToken), 1);
        }
        catch (NpgsqlException)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task<string> PrepareRootAsync(CancellationToken cancellationToken)
    {
        var root = dataDirectory;
        if (!IsRoot)
        {
            Directory.CreateDirectory(root);
            OwnerOnly(root);
            return root;
        }

        if (await TryOwnAsync(root, cancellationToken))
        {
            return root;
        }

        // A parent folder is not traversable by the postgres user (e.g. under /root): keep the cluster under /tmp,
        // in a folder derived from the data directory so that the next start finds it again.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..12];
        var fallback = Path.Combine(Path.GetTempPath(), $"runwarecloud-postgres-{hash}");
        Log($"the postgres user cannot reach {root}; using {fallback}");
        return await TryOwnAsync(fallback, cancellationToken)
            ? fallback
            : throw new InvalidOperationException($"The postgres user cannot write {root} or {fallback}.");
    }

    private static async Task<bool> TryOwnAsync(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        OwnerOnly(folder);
        await ChownAsync(folder, cancellationToken);
        var probe = await CommandRunner.RunAsync("runuser", ["-u", SystemUser, "--", "test", "-w", folder, "-a", "-x", folder],
            cancellationToken: cancellationToken);
        return probe.Succeeded;
    }

    private static void OwnerOnly(string folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static async Task ChownAsync(string path, CancellationToken cancellationToken)
    {
        if (IsRoot)
        {
            await CommandRunner.RunCheckedAsync("chown", [$"{SystemUser}:{SystemUser}", path], cancellationToken: cancellationToken);
        }
    }

    private static (string FileName, IReadOnlyList<string> Arguments) AsServerUser(string program) =>
        IsRoot ? ("runuser", ["-u", SystemUser, "--", program]) : (program, []);

    public static string FindBinDirectory()
    {
        foreach (var version in new[] { "17", "16", "15" })
        {
            var candidate = $"/usr/lib/postgresql/{version}/bin";
            if (File.Exists(Path.Combine(candidate, "pg_ctl")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl): run scripts/prerequisites.sh.");
    }

    /// <summary>Creates the database unless it exists (on this server or on a configured one).</summary>
    public static async Task EnsureDatabaseAsync(string serverConnectionString, string database, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created concurrently by another host: fine.
        }
    }
}
