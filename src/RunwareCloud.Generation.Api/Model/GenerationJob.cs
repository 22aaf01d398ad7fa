using RunwareCloud.Jobs;

namespace RunwareCloud.Generation.Api.Model;

/// <summary>One generation job: the shared job lifecycle plus the prompt, the model and an optional preview draft.</summary>
public sealed class GenerationJob : Job
{
    public required string Prompt { get; set; }
    public required string Model { get; set; }
    public string? PreviewsJson { get; set; }

    public JobView ToView() => this.ToView(PreviewsJson);
}
