using MassTransit;
using Microsoft.Extensions.Options;

namespace RunwareCloud.Generation.Api.Worker;

/// <summary>Settings of the generation worker role (section <c>Generation:Worker</c>).</summary>
public sealed class GenerationWorkerOptions
{
    public const string SectionName = "Generation:Worker";

    /// <summary>Turns the worker role off, so API-only instances scale apart from workers.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Jobs run at once per instance; matched to the Runware pool's capacity by default.</summary>
    public int Concurrency { get; set; } = 32;
}

public sealed class GenerationRequestedConsumerDefinition : ConsumerDefinition<GenerationRequestedConsumer>
{
    public GenerationRequestedConsumerDefinition(IOptions<GenerationWorkerOptions> options)
    {
        // More jobs than the pool can run would only wait inside the pool while holding broker deliveries.
        ConcurrentMessageLimit = options.Value.Concurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<GenerationRequestedConsumer> consumer, IRegistrationContext context)
    {
        endpoint.PrefetchCount = (ConcurrentMessageLimit ?? 16) * 2;
        endpoint.UseMessageRetry(retry => retry.Intervals(500, 2_000));
    }
}
