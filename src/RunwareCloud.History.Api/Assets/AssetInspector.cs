using Microsoft.Extensions.Options;
using RunwareCloud.History.Api.Media;
using RunwareCloud.Imaging;

namespace RunwareCloud.History.Api.Assets;

/// <summary>What the bytes turned out to be: format from sniffing, dimensions from the header, and a thumbnail.</summary>
public sealed record InspectedAsset
{
    public required StagedAsset Staged { get; init; }
    public required MediaType Type { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public Thumbnail? Thumbnail { get; init; }
}

/// <summary>Decides whether staged bytes are media history stores, without trusting names or declared content types.</summary>
public sealed class AssetInspector(IThumbnailer thumbnailer, IOptions<HistoryOptions> options)
{
    private const int ProbeBytes = 256 * 1024;

    public async Task<InspectedAsset> InspectAsync(StagedAsset staged, CancellationToken cancellationToken)
    {
        if (staged.Size == 0)
        {
            throw new RejectedContentException("the content is empty");
        }

        var head = await staged.ReadAsync(ProbeBytes, fromEnd: false, cancellationToken);
        var type = MediaSniffer.Sniff(head)
            ?? throw new RejectedContentException("unsupported content type: not a PNG, JPEG, WebP, GIF, MP4 or WebM file");

        var tail = await staged.ReadAsync(16, fromEnd: true, cancellationToken);
        if (!MediaSniffer.HasCompleteTrailer(type, tail))
        {
            throw new RejectedContentException($"corrupt {type.Format} file: truncated");
        }

        if (!type.IsImage)
        {
            return new InspectedAsset { Staged = staged, Type = type };
        }

        int width, height;
        try
        {
            (width, height) = MediaSniffer.ReadDimensions(type, head);
            ImageLimits.Default.CheckDimensions(width, height);
        }
        catch (ImagingException exception)
        {
            throw new RejectedContentException(exception.Reason == ImagingErrorReason.TooLarge
                ? $"image too large: {exception.Message}"
                : $"corrupt {type.Format} file: {exception.Message}");
        }

        var thumbnail = await thumbnailer.CreateAsync(staged, type, options.Value.ThumbnailSize, cancellationToken);
        return new InspectedAsset { Staged = staged, Type = type, Width = width, Height = height, Thumbnail = thumbnail };
    }
}
