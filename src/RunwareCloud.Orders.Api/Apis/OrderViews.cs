using System.Security.Claims;
using RunwareCloud.Orders.Api.Model;

namespace RunwareCloud.Orders.Api.Apis;

public sealed record OrderOptionsRequest
{
    public bool RemoveBackground { get; init; }
    public int? UpscaleFactor { get; init; }
    public bool Caption { get; init; }
}

public sealed record OrderRequest
{
    public string? EventId { get; init; }
    public string? CustomerName { get; init; }
    public string? CustomerEmail { get; init; }
    public OrderOptionsRequest? Options { get; init; }
}

public sealed record EventRequest
{
    public string? EventId { get; init; }
    public string? Name { get; init; }
    public DateOnly? Date { get; init; }
    public string? Location { get; init; }
}

public sealed record OrderImageView(
    Guid Id, string FileName, string Status, Guid SourceAssetId, string SourceUrl, Guid? ProcessedAssetId, string? ProcessedUrl,
    string? Caption, string? PmrPhotoId, string? Error, DateTimeOffset? ProcessedAt, DateTimeOffset? UploadedAt);

public sealed record OrderView(
    Guid Id, Guid UserId, string EventId, string CustomerName, string? CustomerEmail, OrderOptionsRequest Options, string Status,
    string? Reason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? CompletedAt,
    int ImageCount, int ProcessedCount, int UploadedCount, int FailedCount, IReadOnlyList<OrderImageView> Images)
{
    public static OrderView From(Order order) => new(
        order.Id, order.UserId, order.EventId, order.CustomerName, order.CustomerEmail,
        new OrderOptionsRequest { RemoveBackground = order.RemoveBackground, UpscaleFactor = order.UpscaleFactor, Caption = order.Caption },
        order.Status, order.Reason, order.CreatedAt, order.UpdatedAt, order.SubmittedAt, order.CompletedAt,
        order.Images.Count,
        order.Images.Count(i => i.Status is ImageStatus.Processed or ImageStatus.Uploaded),
        order.Images.Count(i => i.Status == ImageStatus.Uploaded),
        order.Images.Count(i => i.Status == ImageStatus.Failed),
        [.. order.Images.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Select(i => new OrderImageView(
            i.Id, i.FileName, i.Status, i.SourceAssetId, $"/api/assets/{i.SourceAssetId}", i.ProcessedAssetId,
            i.ProcessedAssetId is { } processed ? $"/api/assets/{processed}" : null,
            i.CaptionText, i.PmrPhotoId, i.Error, i.ProcessedAt, i.UploadedAt))]);
}

public sealed record AuditView(long Id, DateTimeOffset At, Guid? ActorId, string Actor, string? Role, string Action, Guid? OrderId,
    string? EventId, string? Ip, string? Details)
{
    public static AuditView From(AuditEntry entry) =>
        new(entry.Id, entry.At, entry.ActorId, entry.Actor, entry.Role, entry.Action, entry.OrderId, entry.EventId, entry.Ip, entry.Details);
}

public static class OrderAccess
{
    /// <summary>Managers, admins and viewers see every order; a user sees their own.</summary>
    public static bool CanRead(ClaimsPrincipal user, Order order) =>
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Manager) || user.IsInRole(Roles.Viewer) || order.UserId == user.GetUserId();

    /// <summary>Managers and admins change every order; a user changes their own; viewers change nothing.</summary>
    public static bool CanChange(ClaimsPrincipal user, Order order) =>
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Manager) || (user.IsInRole(Roles.User) && order.UserId == user.GetUserId());

    public static bool SeesAll(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Manager) || user.IsInRole(Roles.Viewer);
}
