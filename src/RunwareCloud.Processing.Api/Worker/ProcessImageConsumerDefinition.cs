using MassTransit;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Processing.Api.Worker;

/// <summary>Settings of the processing worker role (section <c>Processing:Worker</c>).</summary>
public sealed class ProcessingWorkerOptions
{
    public const string SectionName = "Processing:Worker";

    /// <summary>Turns the worker role off, so API-only instances scale apart from workers.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Jobs run at once per instance; matched to the Runware pool's capacity by default.</summary>
    public int Concurrency { get; set; } = 32;
}

public sealed class ProcessImageConsumerDefinition : ConsumerDefinition<ProcessImageConsumer>
{
    public ProcessImageConsumerDefinition(IOptions<ProcessingWorkerOptions> options)
    {
        // More jobs than the pool can run would only wait inside the pool while holding broker deliveries.
        ConcurrentMessageLimit = options.Value.Concurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<ProcessImageConsumer> consumer, IRegistrationContext context)
    {
        endpoint.PrefetchCount = (ConcurrentMessageLimit ?? 16) * 2;
        endpoint.UseMessageRetry(retry => retry.Intervals(500, 2_000));
    }
}
