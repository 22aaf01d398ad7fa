using RunwareCloud.Orders.Api.Apis;
using RunwareCloud.Orders.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapEventsApi();
app.MapOrdersApi();
app.MapAuditApi();

app.Run();
