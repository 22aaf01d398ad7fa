using System.Text.Json.Nodes;

namespace RunwareCloud.Runware;

/// <summary>Typed Runware tasks over the shared connection pool (or the REST transport).</summary>
public interface IRunwareClient
{
    /// <summary>Text-to-image, image-to-image or inpainting; waits for all <c>numberResults</c> images.</summary>
    Task<ImageInferenceResult> GenerateImagesAsync(ImageInferenceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Uploads an image (data URI, base64 or URL) and returns its Runware UUID.</summary>
    Task<RunwareImage> UploadImageAsync(string image, CancellationToken cancellationToken = default);

    Task<RunwareImage> RemoveBackgroundAsync(RemoveBackgroundRequest request, CancellationToken cancellationToken = default);

    Task<RunwareImage> UpscaleAsync(UpscaleRequest request, CancellationToken cancellationToken = default);

    Task<CaptionResult> CaptionAsync(CaptionRequest request, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<EnhancedPrompt>> EnhancePromptAsync(PromptEnhanceRequest request, CancellationToken cancellationToken = default);

    Task<ModelSearchResult> SearchModelsAsync(ModelSearchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Starts a video task and polls <c>getResponse</c> until every video is done, reporting progress.</summary>
    Task<VideoInferenceResult> GenerateVideoAsync(VideoInferenceRequest request, IProgress<RunwareTaskProgress>? progress = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends any task as JSON (its <c>taskType</c> is required; <c>taskUUID</c> is drawn unless given) and waits for
    /// <paramref name="expectedResults"/> result objects.
    /// </summary>
    Task<RunwareTaskResult> SendAsync(JsonObject task, int expectedResults = 1, CancellationToken cancellationToken = default);
}
