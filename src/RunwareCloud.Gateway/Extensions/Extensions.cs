using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.EntityFrameworkCore;
using RunwareCloud.Gateway.Data;
using RunwareCloud.Gateway.Identity;
using RunwareCloud.Gateway.Proxy;
using RunwareCloud.Gateway.RateLimiting;

namespace RunwareCloud.Gateway.Extensions;

public static class Extensions
{
    private const string DatabaseName = "gatewaydb";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName);
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddDbContextPool<GatewayDbContext>(options =>
            options.UseNpgsql(builder.Configuration.GetRequiredConnectionString(DatabaseName)));
        builder.Services.AddHostedService<GatewayDatabaseInitializer>();
        builder.Services.AddHealthChecks().AddDbContextCheck<GatewayDbContext>();

        builder.AddGatewayAuthentication();
        builder.AddGatewayRateLimiting();
        builder.AddGatewayProxy();
        builder.AddEdgeServices();
        builder.Services.AddOpenApi();
    }

    private static void AddEdgeServices(this IHostApplicationBuilder builder)
    {
        var gateway = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in gateway.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.KnownProxies)} contains '{proxy}', which is not an IP address."));
            }
        });

        builder.Services.AddCors(options =>
        {
            if (gateway.Cors.Origins.Count > 0)
            {
                options.AddDefaultPolicy(policy => policy
                    .WithOrigins([.. gateway.Cors.Origins])
                    .AllowAnyHeader()
                    .AllowAnyMethod()
                    .AllowCredentials()
                    .WithExposedHeaders("X-Correlation-Id", "Retry-After", "Location"));
            }
        });

        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        builder.Services.Configure<SocketTransportOptions>(sockets => sockets.UnsafePreferInlineScheduling = gateway.InlineIo);
        // Problem details never carry exception details, whatever the environment.
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.Remove("exception"));
    }
}
