namespace RunwareCloud.Jobs;

public static class JobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Canceled = "canceled";

    public static readonly IReadOnlyList<string> All = [Queued, Running, Succeeded, Failed, Canceled];

    public static bool IsTerminal(string status) => status is Succeeded or Failed or Canceled;
}
