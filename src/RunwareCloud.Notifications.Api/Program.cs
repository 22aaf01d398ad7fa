using RunwareCloud.Notifications.Api.Apis;
using RunwareCloud.Notifications.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapNotificationsApi();
app.MapWebhooksApi();
app.MapNotificationsHub();
app.MapOpenApi();

app.Run();

public partial class Program;
