using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using RunwareCloud.History.Api.Assets;
using RunwareCloud.History.Api.Infrastructure;

namespace RunwareCloud.History.Api.Apis;

public static class AssetsApi
{
    public const string ThumbnailSize = "thumb";
    public const string CacheControl = "private, max-age=31536000, immutable";
    private const string UploadKind = "upload";
    private const string FileField = "file";
    // Room for multipart boundaries and part headers around a file of the maximum size.
    private const long MultipartOverhead = 64 * 1024;

    public static RouteGroupBuilder MapAssetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assets").WithTags("Assets").RequireAuthorization();

        api.MapPost("/", UploadAssetAsync).WithName("UploadAsset").WithSummary("Upload an image or video (multipart 'file' or the raw body)")
            .RequireAuthorization(Policies.CanWrite).DisableAntiforgery();
        api.MapGet("/{id:guid}", GetAssetAsync).WithName("GetAsset").WithSummary("The asset's bytes; ?size=thumb for its thumbnail");

        return api;
    }

    public static async Task<Results<Created<UploadedAsset>, ValidationProblem, ProblemHttpResult>> UploadAssetAsync(
        HttpContext http, ClaimsPrincipal user, [AsParameters] AssetsServices services, CancellationToken cancellationToken)
    {
        var maxBytes = services.Options.Value.MaxUploadBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBytes + MultipartOverhead;
        }

        if (http.Request.ContentLength > maxBytes + MultipartOverhead)
        {
            return TooLarge(maxBytes);
        }

        StagedAsset staged;
        try
        {
            var content = await OpenUploadAsync(http.Request, cancellationToken);
            if (content is null)
            {
                return Invalid($"multipart uploads must carry the bytes in a part named '{FileField}'");
            }

            staged = await services.Store.StageAsync(content, maxBytes, cancellationToken);
        }
        catch (AssetTooLargeException)
        {
            return TooLarge(maxBytes);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxBytes);
        }
        catch (InvalidDataException exception)
        {
            return Invalid($"malformed multipart body: {exception.Message}");
        }

        using (staged)
        {
            InspectedAsset inspected;
            try
            {
                inspected = await services.Inspector.InspectAsync(staged, cancellationToken);
            }
            catch (RejectedContentException rejected)
            {
                return Invalid(rejected.Message);
            }

            var asset = new Asset
            {
                Id = Guid.CreateVersion7(),
                OwnerId = user.GetUserId(),
                Kind = UploadKind,
                Format = "",
                ContentType = "",
                Checksum = "",
            };
            await using var transaction = await AssetCatalog.BeginAsync(services.Db, cancellationToken);
            await services.Catalog.AddAsync(services.Db, asset, inspected, cancellationToken);
            await services.Db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            var url = HistoryEntry.UrlOf(asset.Id);
            return TypedResults.Created(url, new UploadedAsset(asset.Id, url, asset.ContentType, asset.Width, asset.Height, asset.Size));
        }
    }

    public static async Task<Results<PhysicalFileHttpResult, NotFound, ValidationProblem>> GetAssetAsync(
        Guid id, string? size, HttpContext http, ClaimsPrincipal user, [AsParameters] AssetsServices services, CancellationToken cancellationToken)
    {
        if (size is not (null or "" or ThumbnailSize or "original"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [nameof(size)] = [$"must be '{ThumbnailSize}' or 'original'"] });
        }

        var asset = await services.Locator.FindAsync(services.Db, id, cancellationToken);
        var thumbnail = size == ThumbnailSize;
        if (asset is null || (asset.OwnerId != user.GetUserId() && !user.IsAdmin()) || (thumbnail && !asset.HasThumbnail))
        {
            return TypedResults.NotFound();
        }

        var file = services.Store.GetFile(asset.Checksum, thumbnail ? AssetVariant.Thumbnail : AssetVariant.Original);
        if (!file.Exists || file.PhysicalPath is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = CacheControl;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        var entityTag = new EntityTagHeaderValue($"\"{asset.Checksum}{(thumbnail ? "-thumb" : "")}\"");
        return TypedResults.PhysicalFile(
            file.PhysicalPath,
            thumbnail ? "image/png" : asset.ContentType,
            lastModified: asset.CreatedAt,
            entityTag: entityTag,
            enableRangeProcessing: true);
    }

    private static async Task<Stream?> OpenUploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return request.Body;
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw new InvalidDataException("the multipart boundary is missing");
        }

        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                && HeaderUtilities.RemoveQuotes(disposition.Name).Equals(FileField, StringComparison.Ordinal))
            {
                return section.Body;
            }
        }

        return null;
    }

    private static ValidationProblem Invalid(string reason) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [FileField] = [reason] });

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [FileField] = [$"must be at most {maxBytes} bytes"] })
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "The upload is too large.",
        });
}
