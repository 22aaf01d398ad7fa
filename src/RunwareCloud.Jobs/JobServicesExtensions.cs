using Microsoft.Extensions.DependencyInjection;
using RunwareCloud.Jobs;

namespace Microsoft.Extensions.Hosting;

public static class JobServicesExtensions
{
    /// <summary>
    /// Registers what job-running services share: job submission (idempotency, Prefer: wait), input resolution with the
    /// SSRF guard (section <c>Inputs</c>) and the history-api client used to read assets.
    /// </summary>
    public static IHostApplicationBuilder AddJobServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InputOptions>().BindConfiguration(InputOptions.SectionName);
        builder.Services.AddSingleton<WorkerStopping>();
        builder.Services.AddScoped<JobSubmission>();
        builder.Services.AddScoped<ImageInputResolver>();
        builder.Services.AddScoped<RunwareInputs>();
        builder.Services.AddHttpClient(ImageInputResolver.HistoryClientName, client => client.BaseAddress = new Uri("http://history-api"));
        return builder;
    }
}
