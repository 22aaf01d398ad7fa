using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RunwareCloud.Orders.Api.Infrastructure;
using RunwareCloud.Orders.Api.Model;
using RunwareCloud.Orders.Api.Pmr;

namespace RunwareCloud.Orders.Api.Workflow;

/// <summary>
/// Uploads processed images to the PMR. Orders in <c>uploading</c> or <c>pmr-pending</c> are claimed with a lease (one
/// instance per order); each uploaded image is saved at once, so a crash or an outage never repeats or loses one. While
/// the PMR is down the order waits in <c>pmr-pending</c> and the next poll (the breaker half-open after its break) resumes it.
/// </summary>
public sealed class PmrUploader(IServiceScopeFactory scopes, IOptions<PmrOptions> options, TimeProvider clock, ILogger<PmrUploader> logger)
    : BackgroundService
{
    private static readonly TimeSpan s_lease = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UploadPollInterval, clock);
        do
        {
            try
            {
                await UploadDueOrdersAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "PMR upload round failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task UploadDueOrdersAsync(CancellationToken cancellationToken)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
            var now = clock.GetUtcNow();
            due = await db.Orders
                .Where(o => (o.Status == OrderStatus.Uploading || o.Status == OrderStatus.PmrPending)
                    && (o.UploadLeaseUntil == null || o.UploadLeaseUntil < now))
                .OrderBy(o => o.SubmittedAt).Select(o => o.Id).Take(20).ToListAsync(cancellationToken);
        }

        foreach (var orderId in due)
        {
            if (!await UploadOrderAsync(orderId, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>Returns false when the PMR is unavailable, so the round stops instead of hammering it order by order.</summary>
    private async Task<bool> UploadOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDbContext>();
        var now = clock.GetUtcNow();
        var claimed = await db.Orders
            .Where(o => o.Id == orderId && (o.UploadLeaseUntil == null || o.UploadLeaseUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.UploadLeaseUntil, now + s_lease), cancellationToken);
        if (claimed == 0)
        {
            return true;
        }

        try
        {
            return await UploadClaimedOrderAsync(scope.ServiceProvider, db, orderId, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone canceled or retried the order meanwhile; the next round sees its new state.
            return true;
        }
        finally
        {
            await db.Orders.Where(o => o.Id == orderId)
                .ExecuteUpdateAsync(set => set.SetProperty(o => o.UploadLeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
    }

    private async Task<bool> UploadClaimedOrderAsync(IServiceProvider services, OrdersDbContext db, Guid orderId, CancellationToken cancellationToken)
    {
        var pmr = services.GetRequiredService<PmrClient>();
        var history = services.GetRequiredService<HistoryClient>();
        var workflow = services.GetRequiredService<OrderWorkflow>();
        var order = await db.Orders.Include(o => o.Images).FirstAsync(o => o.Id == orderId, cancellationToken);
        if (order.Status is not (OrderStatus.Uploading or OrderStatus.PmrPending))
        {
            return true;
        }

        var pmrOrderId = order.Id.ToString();
        try
        {
            foreach (var image in order.Images.Where(i => i.Status == ImageStatus.Processed).OrderBy(i => i.CreatedAt).ThenBy(i => i.Id))
            {
                if (!await UploadImageAsync(db, pmr, history, workflow, order, image, pmrOrderId, cancellationToken))
                {
                    continue;
                }

                if (order.Status == OrderStatus.PmrPending)
                {
                    workflow.ChangeStatus(db, order, OrderStatus.Uploading, "The PMR is answering again.");
                }

                await db.SaveChangesAsync(cancellationToken);
            }

            await pmr.SetOrderStatusAsync(order.EventId, pmrOrderId,
                order.Images.Any(i => i.Status == ImageStatus.Failed) ? "delivered-with-errors" : "delivered", null, cancellationToken);
            workflow.Complete(db, order);
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (PmrUnavailableException exception)
        {
            logger.LogWarning("PMR unavailable while uploading order {OrderId}: {Reason}", order.Id, exception.Message);
            workflow.ChangeStatus(db, order, OrderStatus.PmrPending, "Waiting for the PMR: " + exception.Message);
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }
    }

    /// <summary>True if the image is now uploaded; false if it failed for good (recorded on the image).</summary>
    private static async Task<bool> UploadImageAsync(OrdersDbContext db, PmrClient pmr, HistoryClient history, OrderWorkflow workflow,
        Order order, OrderImage image, string pmrOrderId, CancellationToken cancellationToken)
    {
        byte[] bytes;
        string contentType;
        try
        {
            (bytes, contentType) = await history.DownloadAsync(order.UserId, image.ProcessedAssetId!.Value, cancellationToken);
        }
        catch (AssetRejectedException exception) when (exception.StatusCode is >= 400 and < 500)
        {
            workflow.ImageFailed(db, order, image, "The processed image could not be read: " + exception.Message);
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }

        try
        {
            var photoId = await pmr.UploadPhotoAsync(order.EventId, pmrOrderId, new PmrPhotoUpload
            {
                Bytes = bytes,
                FileName = Path.ChangeExtension(image.FileName, Extension(contentType)),
                ContentType = contentType,
                Metadata = new PmrPhotoMetadata
                {
                    PhotoKey = image.Id.ToString(),
                    Customer = new PmrCustomer(order.CustomerName, order.CustomerEmail),
                    Caption = image.CaptionText,
                    Operations = order.Plan(),
                    Checksum = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                },
            }, cancellationToken);
            workflow.ImageUploaded(db, order, image, photoId);
            return true;
        }
        catch (PmrRejectedException exception)
        {
            workflow.ImageFailed(db, order, image, exception.Message);
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }
    }

    private static string Extension(string contentType) => contentType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/webp" => ".webp",
        _ => ".bin",
    };
}
