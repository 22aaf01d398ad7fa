using RunwareCloud.Gateway.Apis;
using RunwareCloud.Gateway.Extensions;
using RunwareCloud.Gateway.Http;
using RunwareCloud.Gateway.Spa;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseEdge();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapUsersApi();
app.MapOpenApiIndex();
app.MapReverseProxy();
app.MapApiNotFound();
app.MapWebApp();

app.Run();
