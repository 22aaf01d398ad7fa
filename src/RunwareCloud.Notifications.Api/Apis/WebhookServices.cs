using Microsoft.Extensions.Options;
using RunwareCloud.Notifications.Api.Webhooks;

namespace RunwareCloud.Notifications.Api.Apis;

public sealed class WebhookServices(WebhookStore store, WebhookUserIndex users, WebhookTargetGuard guard, IOptionsMonitor<WebhookOptions> options, TimeProvider time)
{
    public WebhookStore Store { get; } = store;

    public WebhookUserIndex Users { get; } = users;

    public WebhookTargetGuard Guard { get; } = guard;

    public IOptionsMonitor<WebhookOptions> Options { get; } = options;

    public TimeProvider Time { get; } = time;
}
