using Microsoft.Extensions.Options;
using RunwareCloud.Notifications.Api.Webhooks;

namespace RunwareCloud.Notifications.Api.Apis;

public sealed class WebhookServices(WebhookStore store, WebhookTargetGuard guard, IOptionsMonitor<WebhookOptions> options, TimeProvider time)
{
    public WebhookStore Store { get; } = store;

    public WebhookTargetGuard Guard { get; } = guard;

    public WebhookOptions Options { get; } = options.CurrentValue;

    public TimeProvider Time { get; } = time;
}
