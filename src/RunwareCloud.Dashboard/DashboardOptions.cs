using Microsoft.Extensions.Configuration;

namespace RunwareCloud.Dashboard;

/// <summary>How the dashboard listens and how much telemetry it keeps in memory.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>The loopback port; 0 picks a free one.</summary>
    public int Port { get; set; }

    public int MaxSpans { get; set; } = 100_000;

    public int MaxLogs { get; set; } = 50_000;

    public int MaxMetricPoints { get; set; } = 200_000;

    /// <summary>RabbitMQ management API (e.g. <c>http://guest:guest@127.0.0.1:15672/</c>) for queue depths; optional.</summary>
    public string? RabbitMqManagementUrl { get; set; }

    /// <summary>Reads <c>Dashboard__*</c> environment variables (the host creates the dashboard without arguments).</summary>
    public static DashboardOptions FromEnvironment()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var options = new DashboardOptions();
        configuration.GetSection(SectionName).Bind(options);
        options.RabbitMqManagementUrl ??= configuration["RUNWARECLOUD_RABBITMQ_MANAGEMENT"];
        return options;
    }
}
