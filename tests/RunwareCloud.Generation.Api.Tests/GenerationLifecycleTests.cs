extern alias emulator;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RunwareCloud.Generation.Api.Infrastructure;
using RunwareCloud.Generation.Api.Model;
using RunwareCloud.Jobs;
using FaultSettings = emulator::RunwareCloud.Runware.Emulator.Faults.FaultSettings;
using TaskErrorFault = emulator::RunwareCloud.Runware.Emulator.Faults.TaskErrorFault;

namespace RunwareCloud.Generation.Api.Tests;

[Collection(GenerationCollection.Name)]
public sealed class GenerationLifecycleTests(GenerationApiFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.Emulator.ClearFaultsAsync();

    [Fact]
    public async Task A_runware_error_fails_the_job_with_a_readable_error()
    {
        await fixture.Emulator.SetFaultsAsync(new FaultSettings
        {
            TaskErrors = new() { ["imageInference"] = new TaskErrorFault { Rate = 1, Code = "insufficientCredits", Message = "Not enough credits" } },
        });
        using var client = fixture.CreateClient(Guid.NewGuid());

        var response = await client.PostAsJsonAsync("/api/generations", new { prompt = "an expensive castle", width = 128, height = 128 });

        var job = await JobPolling.WaitForStatusAsync(client, response.Headers.Location!.ToString(), "failed");
        Assert.Equal("insufficientCredits", job.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(job.GetProperty("error").GetProperty("message").GetString()));
        var id = job.GetProperty("id").GetGuid();
        await Eventually.WaitUntilAsync(() => fixture.Failed.Any(m => m.JobId == id), TimeSpan.FromSeconds(10), "GenerationFailed");
    }

    [Fact]
    public async Task Outputs_history_could_not_store_fail_the_job_with_history_s_reason_once()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());

        var response = await client.PostAsJsonAsync("/api/generations",
            new { prompt = $"an {GenerationApiFixture.UnstorablePrompt} mirage", width = 128, height = 128 });

        var job = await JobPolling.WaitForStatusAsync(client, response.Headers.Location!.ToString(), "failed");
        Assert.Equal("storageFailed", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("corrupt png file", job.GetProperty("error").GetProperty("message").GetString());
        var id = job.GetProperty("id").GetGuid();
        await Eventually.WaitUntilAsync(() => fixture.Failed.Any(m => m.JobId == id), TimeSpan.FromSeconds(10), "GenerationFailed");
        Assert.Single(fixture.Failed, m => m.JobId == id);
    }

    [Fact]
    public async Task A_job_settles_once_so_a_repeated_or_late_transition_changes_nothing()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());
        var response = await client.PostAsJsonAsync("/api/generations", new { prompt = "a settled lake", width = 128, height = 128 });
        var job = await JobPolling.WaitForStatusAsync(client, response.Headers.Location!.ToString(), "succeeded");
        var id = job.GetProperty("id").GetGuid();

        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<JobStore<GenerationDbContext, GenerationJob>>();
            Assert.False(await store.TrySucceedAsync(id, "[]", DateTimeOffset.UtcNow, CancellationToken.None));
            Assert.False(await store.TryStartAsync(id, DateTimeOffset.UtcNow, CancellationToken.None));
        }

        var after = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location!.ToString());
        Assert.Equal("succeeded", after.GetProperty("status").GetString());
        Assert.Equal(job.GetProperty("outputs").ToString(), after.GetProperty("outputs").ToString());
        Assert.Equal(job.GetProperty("startedAt").GetDateTimeOffset(), after.GetProperty("startedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_running_job_can_be_canceled_and_its_late_result_is_discarded()
    {
        await fixture.Emulator.SetFaultsAsync(new FaultSettings { StallTaskTypes = ["imageInference"] });
        using var client = fixture.CreateClient(Guid.NewGuid());
        var response = await client.PostAsJsonAsync("/api/generations", new { prompt = "a stalled windmill", width = 128, height = 128 });
        var location = response.Headers.Location!.ToString();
        await JobPolling.WaitForStatusAsync(client, location, "running");

        var cancel = await client.PostAsync($"{location}/cancel", null);
        var again = await client.PostAsync($"{location}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var job = await client.GetFromJsonAsync<JsonElement>(location);
        Assert.Equal("canceled", job.GetProperty("status").GetString());
        var id = job.GetProperty("id").GetGuid();
        await Eventually.WaitUntilAsync(() => fixture.Canceled.Any(m => m.JobId == id), TimeSpan.FromSeconds(10), "GenerationCanceled");
    }

    [Fact]
    public async Task A_job_past_its_deadline_fails_with_deadline_exceeded()
    {
        await fixture.Emulator.SetFaultsAsync(new FaultSettings { StallTaskTypes = ["imageInference"] });
        using var client = fixture.CreateClient(Guid.NewGuid());

        var response = await client.PostAsJsonAsync("/api/generations", new { prompt = "a slow glacier", width = 128, height = 128, timeoutSeconds = 10 });

        var job = await JobPolling.WaitForStatusAsync(client, response.Headers.Location!.ToString(), "failed", TimeSpan.FromSeconds(30));
        Assert.Equal("deadlineExceeded", job.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_worker_stopped_mid_job_leaves_the_job_to_another_worker_which_finishes_it_once()
    {
        await fixture.Emulator.SetFaultsAsync(new FaultSettings { StallTaskTypes = ["imageInference"] });
        var userId = Guid.NewGuid();
        using var client = fixture.CreateClient(userId);
        var response = await client.PostAsJsonAsync("/api/generations", new { prompt = "a relay baton", width = 128, height = 128 });
        var location = response.Headers.Location!.ToString();
        await JobPolling.WaitForStatusAsync(client, location, "running");

        await fixture.Emulator.ClearFaultsAsync();
        await fixture.RestartServiceAsync().WaitAsync(TimeSpan.FromSeconds(60));

        using var survivor = fixture.CreateClient(userId);
        var job = await JobPolling.WaitForStatusAsync(survivor, location, "succeeded", TimeSpan.FromSeconds(60));
        var id = job.GetProperty("id").GetGuid();
        Assert.Single(fixture.Succeeded, message => message.JobId == id);
        Assert.Single(job.GetProperty("outputs").EnumerateArray());
    }
}
