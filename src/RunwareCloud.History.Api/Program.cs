using RunwareCloud.History.Api.Apis;
using RunwareCloud.History.Api.Extensions;
using RunwareCloud.History.Api.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

await app.Services.InitializeHistoryDatabaseAsync();

app.UseExceptionHandler();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapAssetsApi();
app.MapHistoryApi();
app.MapSettingsApi();

await app.RunAsync();
