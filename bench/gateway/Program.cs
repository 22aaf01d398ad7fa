var builder = WebApplication.CreateBuilder(args);

builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.AddDefaultAuthentication();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();
app.MapGet("/health", () => "Healthy");
app.MapGet("/api/generations/{id}", (string id) => TypedResults.Ok(new
{
    id,
    kind = "textToImage",
    status = "succeeded",
    progress = 100,
    createdAt = DateTimeOffset.UnixEpoch,
})).RequireAuthorization();

app.Run();
