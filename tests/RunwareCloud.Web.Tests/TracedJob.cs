using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using RunwareCloud.AppHost;

namespace RunwareCloud.Web.Tests;

/// <summary>
/// One generation job submitted through the gateway under a trace id the test chose (it sends its own W3C
/// <c>traceparent</c>), run to the end, so the dashboard can be asked for exactly that trace.
/// </summary>
public sealed record TracedJob(Guid JobId, string TraceId, string Prompt)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private static readonly ConditionalWeakTable<WebFixture, Task<TracedJob>> s_shared = [];

    /// <summary>The one job the dashboard tests share per running system.</summary>
    public static Task<TracedJob> SharedAsync(WebFixture web) => s_shared.GetValue(web, RunAsync);

    public static async Task<TracedJob> RunAsync(WebFixture web)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var prompt = $"a traced kite {Guid.NewGuid():N} over dunes";
        // No propagator: the traceparent written below reaches the gateway as it is.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator() })
        {
            BaseAddress = web.Gateway,
            Timeout = s_timeout,
        };
        var login = await client.PostAsJsonAsync("/api/auth/token", new { userName = RunwareCloudGraph.AdminUserName, password = WebFixture.AdminPassword })
            .WaitAsync(s_timeout);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(s_timeout)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/generations")
        {
            Content = JsonContent.Create(new { prompt, width = 256, height = 256 }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await client.SendAsync(request).WaitAsync(s_timeout);
        var body = await response.Content.ReadAsStringAsync().WaitAsync(s_timeout);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        Assert.NotNull(response.Headers.Location);
        var jobId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();

        var status = await Eventually.WaitForAsync(async () =>
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"/api/generations/{jobId}");
            var current = job.GetProperty("status").GetString();
            return current is "succeeded" or "failed" or "canceled" ? current : null;
        }, s_timeout, $"job {jobId} to finish", TimeSpan.FromMilliseconds(500));
        Assert.Equal("succeeded", status);
        return new TracedJob(jobId, traceId, prompt);
    }
}
