namespace RunwareCloud.Orders.Api.Model;

public static class OrderStatus
{
    public const string Draft = "draft";
    public const string Processing = "processing";
    public const string Uploading = "uploading";
    public const string PmrPending = "pmr-pending";
    public const string Completed = "completed";
    public const string CompletedWithErrors = "completed-with-errors";
    public const string Failed = "failed";
    public const string Canceled = "canceled";

    public static readonly IReadOnlyList<string> All =
        [Draft, Processing, Uploading, PmrPending, Completed, CompletedWithErrors, Failed, Canceled];

    public static bool IsTerminal(string status) => status is Completed or CompletedWithErrors or Failed or Canceled;
}

public static class ImageStatus
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Processed = "processed";
    public const string Uploaded = "uploaded";
    public const string Failed = "failed";
}

public static class Operations
{
    public const string RemoveBackground = "removeBackground";
    public const string Upscale = "upscale";
    public const string Caption = "caption";
}
