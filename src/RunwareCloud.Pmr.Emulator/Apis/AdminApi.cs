using Microsoft.AspNetCore.Http.HttpResults;

namespace RunwareCloud.Pmr.Emulator.Apis;

/// <summary>Controls for tests and demos: faults at run time and what was uploaded.</summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/admin");
        api.MapPost("/faults", SetFaults);
        api.MapGet("/faults", (FaultInjector faults) => TypedResults.Ok(faults.Current));
        api.MapGet("/uploads", GetUploads);

        return app;
    }

    public static Ok<FaultSettings> SetFaults(FaultSettings settings, FaultInjector faults)
    {
        faults.Apply(settings);
        return TypedResults.Ok(settings);
    }

    public static Ok<IReadOnlyList<UploadStats>> GetUploads(PmrStore store) =>
        TypedResults.Ok<IReadOnlyList<UploadStats>>([.. store.Orders.Select(UploadStats.From)]);
}

/// <summary>Per order: distinct photos stored, upload requests received, and repeats answered from the stored photo.</summary>
public sealed record UploadStats(string EventId, string OrderId, string Status, int Photos, int UploadRequests, int Replays)
{
    public static UploadStats From(PmrOrder order) =>
        new(order.EventId, order.OrderId, order.Status, order.Photos.Count, order.UploadRequests, order.Replays);
}
