using Microsoft.Extensions.Options;
using RunwareCloud.ServiceDefaults.Security;
using RunwareCloud.Notifications.Api.Webhooks;

namespace RunwareCloud.Notifications.Api.Apis;

public sealed class WebhookServices(WebhookStore store, WebhookUserIndex users, SsrfGuard guard, IOptionsMonitor<WebhookOptions> options, TimeProvider time)
{
    public WebhookStore Store { get; } = store;

    public WebhookUserIndex Users { get; } = users;

    public SsrfGuard Guard { get; } = guard;

    public IOptionsMonitor<WebhookOptions> Options { get; } = options;

    public TimeProvider Time { get; } = time;
}
