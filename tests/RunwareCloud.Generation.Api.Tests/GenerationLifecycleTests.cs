extern alias emulator;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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
    public async Task Each_stored_asset_lands_on_the_output_history_kept_it_from()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());
        var response = await client.PostAsJsonAsync("/api/generations",
            new { prompt = $"three lakes, the {GenerationApiFixture.SecondUnstorablePrompt}", width = 128, height = 128, numberResults = 3 });

        var job = await JobPolling.WaitForStatusAsync(client, response.Headers.Location!.ToString(), "succeeded");
        var id = job.GetProperty("id").GetGuid();
        var stored = Assert.Single(fixture.Stored, m => m.JobId == id);
        var outputs = job.GetProperty("outputs").EnumerateArray().ToList();
        Assert.Equal(3, outputs.Count);
        Assert.Equal(stored.AssetIds[0], outputs[0].GetProperty("assetId").GetGuid());
        Assert.False(outputs[1].TryGetProperty("assetId", out var missing) && missing.ValueKind != JsonValueKind.Null);
        Assert.Equal(stored.AssetIds[1], outputs[2].GetProperty("assetId").GetGuid());
        Assert.Equal($"/api/assets/{stored.AssetIds[1]}", outputs[2].GetProperty("url").GetString());
        Assert.All(outputs, output => Assert.StartsWith("http", output.GetProperty("runwareUrl").GetString()));
    }

    [Fact]
    public async Task Without_output_indexes_the_stored_assets_follow_the_outputs_in_order()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());
        var response = await client.PostAsJsonAsync("/api/generations",
            new { prompt = $"two lakes, answered by an {GenerationApiFixture.WithoutOutputIndexesPrompt}", width = 128, height = 128, numberResults = 2 });

        var job = await JobPolling.WaitForStatusAsync(client, response.Headers.Location!.ToString(), "succeeded");
        var stored = Assert.Single(fixture.Stored, m => m.JobId == job.GetProperty("id").GetGuid());
        Assert.Null(stored.OutputIndexes);
        Assert.Equal(stored.AssetIds, job.GetProperty("outputs").EnumerateArray().Select(output => output.GetProperty("assetId").GetGuid()));
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
            Assert.False(await store.TrySucceedWithAssetsAsync(id, [Guid.NewGuid()], [0], [], DateTimeOffset.UtcNow, CancellationToken.None));
            Assert.Equal(JobClaimOutcome.NotRunnable, (await store.ClaimAsync(id, DateTimeOffset.UtcNow, CancellationToken.None)).Outcome);
        }

        var after = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location!.ToString());
        Assert.Equal("succeeded", after.GetProperty("status").GetString());
        Assert.Equal(job.GetProperty("outputs").ToString(), after.GetProperty("outputs").ToString());
        Assert.Equal(job.GetProperty("startedAt").GetDateTimeOffset(), after.GetProperty("startedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_worker_claim_starts_a_queued_job_once_resumes_a_running_one_and_leaves_the_rest()
    {
        // Whole microseconds, as Postgres keeps them.
        var now = DateTimeOffset.UtcNow;
        now = now.AddTicks(-(now.Ticks % 10));
        var queued = NewJob(JobStatus.Queued, now);
        var running = NewJob(JobStatus.Running, now);
        var recorded = NewJob(JobStatus.Running, now, outputsRecordedAt: now);
        var succeeded = NewJob(JobStatus.Succeeded, now);
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<JobStore<GenerationDbContext, GenerationJob>>();
        store.Db.AddRange(queued, running, recorded, succeeded);
        await store.Db.SaveChangesAsync();
        store.Db.ChangeTracker.Clear();

        var startedAt = now.AddSeconds(1);
        var first = await store.ClaimAsync(queued.Id, startedAt, CancellationToken.None);
        var second = await store.ClaimAsync(queued.Id, startedAt.AddSeconds(1), CancellationToken.None);

        Assert.Equal(JobClaimOutcome.Started, first.Outcome);
        Assert.Equal((JobStatus.Running, startedAt, 5, queued.Prompt), (first.Job!.Status, first.Job.StartedAt, first.Job.Progress, first.Job.Prompt));
        Assert.Equal(JobClaimOutcome.Resumed, second.Outcome);
        Assert.Equal(startedAt, second.Job!.StartedAt);
        Assert.Equal(JobClaimOutcome.Resumed, (await store.ClaimAsync(running.Id, now, CancellationToken.None)).Outcome);
        Assert.Equal(JobClaimOutcome.NotRunnable, (await store.ClaimAsync(recorded.Id, now, CancellationToken.None)).Outcome);
        Assert.Equal(JobClaimOutcome.NotRunnable, (await store.ClaimAsync(succeeded.Id, now, CancellationToken.None)).Outcome);
        Assert.Equal(JobClaimOutcome.Missing, (await store.ClaimAsync(Guid.NewGuid(), now, CancellationToken.None)).Outcome);
        Assert.Equal(JobStatus.Succeeded, (await store.Jobs.AsNoTracking().SingleAsync(j => j.Id == succeeded.Id)).Status);
    }

    private static GenerationJob NewJob(string status, DateTimeOffset now, DateTimeOffset? outputsRecordedAt = null) => new()
    {
        Id = Guid.NewGuid(), UserId = Guid.NewGuid(), CorrelationId = Guid.NewGuid(), Kind = "textToImage", Status = status,
        CreatedAt = now, StartedAt = status == JobStatus.Queued ? null : now, Deadline = now.AddMinutes(5), RequestJson = "{}",
        Prompt = "a claimed lighthouse", Model = "runware:100@1", OutputsRecordedAt = outputsRecordedAt,
    };

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
