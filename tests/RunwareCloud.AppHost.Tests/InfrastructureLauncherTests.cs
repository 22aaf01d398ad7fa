using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RunwareCloud.AppHost.Hosting;
using RunwareCloud.AppHost.Hosting.Processes;

namespace RunwareCloud.AppHost.Tests;

[Collection(LauncherCollection.Name)]
public sealed class InfrastructureLauncherTests(LauncherFixture fixture)
{
    [Fact]
    public async Task Launcher_starts_a_postgres_that_answers_queries()
    {
        Assert.Equal(1, await Protocols.SelectOneAsync(fixture.Infrastructure.Postgres.ConnectionString));
    }

    [Fact]
    public async Task Launcher_starts_a_postgres_that_refuses_a_wrong_password()
    {
        var wrong = new Npgsql.NpgsqlConnectionStringBuilder(fixture.Infrastructure.Postgres.ConnectionString) { Password = "wrong" };
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Protocols.SelectOneAsync(wrong.ConnectionString));
    }

    [Fact]
    public async Task Launcher_starts_a_redis_that_answers_ping()
    {
        Assert.Equal("+PONG", await Protocols.RedisPingAsync(fixture.Infrastructure.Redis.ConnectionString));
    }

    [Fact]
    public async Task Launcher_starts_a_rabbitmq_that_greets_with_connection_start()
    {
        var frame = await Protocols.AmqpGreetingAsync(new Uri(fixture.Infrastructure.Messaging.ConnectionString));

        Assert.Equal(1, frame[0]); // method frame
        Assert.Equal(10, frame[7] << 8 | frame[8]); // class: connection
        Assert.Equal(10, frame[9] << 8 | frame[10]); // method: start
    }

    [Fact]
    public async Task Launcher_enables_the_rabbitmq_management_api_for_its_user()
    {
        var management = new Uri(fixture.Infrastructure.Messaging.ManagementUri);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(management, "api/overview"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo))));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Env_file_holds_the_four_settings_and_reads_back_in_a_shell()
    {
        using var folder = new TempFolder("envfile");
        var file = Path.Combine(folder.Path, "infra.env");

        InfrastructureOnly.WriteEnvFile(file, fixture.Infrastructure.EnvironmentVariables());

        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(
            ["ConnectionStrings__postgres", "ConnectionStrings__redis", "ConnectionStrings__messaging", "RUNWARECLOUD_RABBITMQ_MANAGEMENT"],
            lines.Select(line => line[..line.IndexOf('=')]));
        var echoed = await CommandRunner.RunCheckedAsync("bash",
            ["-c", $"set -a; . '{file}'; set +a; printf '%s\\n' \"$ConnectionStrings__postgres\" \"$ConnectionStrings__messaging\""]);
        Assert.Equal(
            [fixture.Infrastructure.Postgres.ConnectionString, fixture.Infrastructure.Messaging.ConnectionString],
            echoed.Output.Trim().Split('\n'));
        Assert.False(File.Exists(file + ".tmp"));
    }
}
