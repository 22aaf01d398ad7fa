using RunwareCloud.Runware;

namespace RunwareCloud.Jobs;

/// <summary>Prepares an input for a Runware task: URLs pass through, bytes are uploaded once and referred to by UUID.</summary>
public sealed class RunwareInputs(ImageInputResolver resolver, IRunwareClient runware)
{
    public async Task<string> PrepareAsync(Guid ownerId, string value, CancellationToken cancellationToken)
    {
        var resolved = await resolver.ResolveAsync(ownerId, value, cancellationToken);
        if (!resolved.IsDataUri)
        {
            return resolved.Value;
        }

        var uploaded = await runware.UploadImageAsync(resolved.Value, cancellationToken);
        return uploaded.ImageUuid ?? throw new RunwareException("invalidResponse", "Runware accepted the upload but returned no image UUID.");
    }
}
