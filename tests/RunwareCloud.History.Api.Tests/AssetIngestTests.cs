using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RunwareCloud.Contracts;
using RunwareCloud.Contracts.Generation;
using RunwareCloud.Contracts.History;
using RunwareCloud.Contracts.Processing;
using RunwareCloud.History.Api.Apis;
using RunwareCloud.Imaging;

namespace RunwareCloud.History.Api.Tests;

[Collection(HistoryApiCollection.Name)]
public sealed class AssetIngestTests(HistoryApiFixture fixture)
{
    [Fact]
    public async Task GenerationSucceeded_outputs_become_downloadable_assets_with_thumbnails_and_AssetsStored_is_published()
    {
        var userId = Guid.NewGuid();
        var first = TestImages.Png(640, 480, seed: 1);
        var second = TestImages.Png(200, 100, seed: 2);
        var message = Succeeded(userId, [Output(fixture.Media.Serve(first), seed: 11, cost: 0.0025m), Output(fixture.Media.Serve(second), seed: 12, cost: 0.0025m)]);

        await fixture.PublishAsync(message);
        var stored = await fixture.WaitForStoredAsync(message.JobId);

        Assert.Equal(2, stored.AssetIds.Count);
        Assert.Empty(stored.FailedOutputs);
        Assert.Equal(message.CorrelationId, stored.CorrelationId);
        Assert.Equal(AssetOrigins.Generation, stored.Origin);
        using var client = fixture.ClientFor(userId);
        Assert.Equal(first, await client.GetByteArrayAsync($"/api/assets/{stored.AssetIds[0]}").WaitAsync(HistoryApiFixture.Timeout));
        Assert.Equal(second, await client.GetByteArrayAsync($"/api/assets/{stored.AssetIds[1]}").WaitAsync(HistoryApiFixture.Timeout));
        var thumbnail = await client.GetByteArrayAsync($"/api/assets/{stored.AssetIds[0]}?size=thumb").WaitAsync(HistoryApiFixture.Timeout);
        Assert.Equal((ImageFormat.Png, 256, 192), ImageCodec.Identify(thumbnail));
        // The second already fits the thumbnail box: it is its own thumbnail.
        Assert.Equal(second, await client.GetByteArrayAsync($"/api/assets/{stored.AssetIds[1]}?size=thumb").WaitAsync(HistoryApiFixture.Timeout));
        var entry = await client.GetFromJsonAsync<HistoryEntry>($"/api/history/{stored.AssetIds[0]}").WaitAsync(HistoryApiFixture.Timeout);
        Assert.NotNull(entry);
        Assert.Equal((message.JobId, "textToImage", message.Prompt, "runware:100@1", 11L, 640, 480, 4), (entry.JobId!.Value, entry.Kind, entry.Prompt, entry.Model, entry.Seed!.Value, entry.Width!.Value, entry.Height!.Value, entry.Steps!.Value));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first)), entry.Checksum);
        Assert.Equal(("png", "image/png", (long)first.Length, 0.0025m), (entry.Format, entry.ContentType, entry.Size, entry.Cost!.Value));
    }

    [Fact]
    public async Task Identical_bytes_are_stored_once_and_freed_only_when_the_last_entry_is_deleted()
    {
        var userId = Guid.NewGuid();
        var bytes = TestImages.Png(64, 64, seed: 3);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var firstJob = Succeeded(userId, [Output(fixture.Media.Serve(bytes))]);
        var secondJob = Succeeded(userId, [Output(fixture.Media.Serve(bytes))]);

        await fixture.PublishAsync(firstJob);
        await fixture.PublishAsync(secondJob);
        var first = await fixture.WaitForStoredAsync(firstJob.JobId);
        var second = await fixture.WaitForStoredAsync(secondJob.JobId);

        Assert.NotEqual(first.AssetIds[0], second.AssetIds[0]);
        Assert.Single(fixture.FilesUnder("blobs"), path => path.EndsWith(checksum, StringComparison.Ordinal));
        Assert.Equal(2, await fixture.BlobReferencesAsync(checksum));
        using var client = fixture.ClientFor(userId);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/history/{first.AssetIds[0]}").WaitAsync(HistoryApiFixture.Timeout)).StatusCode);
        Assert.Equal(bytes, await client.GetByteArrayAsync($"/api/assets/{second.AssetIds[0]}").WaitAsync(HistoryApiFixture.Timeout));
        Assert.Equal(1, await fixture.BlobReferencesAsync(checksum));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/history/{second.AssetIds[0]}").WaitAsync(HistoryApiFixture.Timeout)).StatusCode);
        Assert.DoesNotContain(fixture.FilesUnder("blobs"), path => path.EndsWith(checksum, StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.FilesUnder("thumbs"), path => path.EndsWith(checksum, StringComparison.Ordinal));
        Assert.Equal(0, await fixture.BlobReferencesAsync(checksum));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/assets/{second.AssetIds[0]}").WaitAsync(HistoryApiFixture.Timeout)).StatusCode);
    }

    [Fact]
    public async Task Corrupt_oversized_and_wrong_type_outputs_fail_with_reasons_and_leave_no_files_or_rows()
    {
        var userId = Guid.NewGuid();
        var good = TestImages.Png(32, 32, seed: 4);
        var truncated = TestImages.Png(300, 300, seed: 5)[..2000];
        var garbled = TestImages.Png(300, 300, seed: 6);
        Array.Fill(garbled, (byte)0x5A, 100, garbled.Length - 120);
        var oversized = new byte[HistoryApiFixture.MaxBytes + 1];
        TestImages.Png(8, 8).CopyTo(oversized, 0);
        var blobsBefore = fixture.FilesUnder("blobs").Count;
        var message = Succeeded(userId,
        [
            Output(fixture.Media.Serve(good)),
            Output(fixture.Media.Serve(truncated)),
            Output(fixture.Media.Serve(garbled)),
            Output(fixture.Media.Serve(oversized, chunked: true)),
            Output(fixture.Media.Serve("<html><body>not an image</body></html>"u8.ToArray(), "image/png")),
            Output(new Uri(fixture.Media.BaseAddress, "/media/missing").ToString()),
        ]);

        await fixture.PublishAsync(message);
        var stored = await fixture.WaitForStoredAsync(message.JobId);

        Assert.Single(stored.AssetIds);
        Assert.Collection(stored.FailedOutputs,
            reason => Assert.StartsWith("output 1: corrupt png", reason),
            reason => Assert.StartsWith("output 2: corrupt png", reason),
            reason => Assert.StartsWith("output 3: too large", reason),
            reason => Assert.StartsWith("output 4: unsupported content type", reason),
            reason => Assert.StartsWith("output 5: download failed: HTTP 404", reason));
        var rows = await fixture.WithDbAsync(db => db.Assets.Where(a => a.JobId == message.JobId).Select(a => a.Id).ToListAsync());
        Assert.Equal(stored.AssetIds, rows);
        Assert.Equal(blobsBefore + 1, fixture.FilesUnder("blobs").Count);
        Assert.Empty(fixture.FilesUnder("tmp"));
    }

    [Fact]
    public async Task AssetsStored_names_the_output_each_asset_keeps_when_an_earlier_output_failed()
    {
        var userId = Guid.NewGuid();
        var message = Succeeded(userId,
        [
            Output(new Uri(fixture.Media.BaseAddress, "/media/missing").ToString()),
            Output(fixture.Media.Serve(TestImages.Png(24, 24, seed: 8)), seed: 22),
        ]);

        await fixture.PublishAsync(message);
        var stored = await fixture.WaitForStoredAsync(message.JobId);

        var assetId = Assert.Single(stored.AssetIds);
        Assert.Equal([1], stored.OutputIndexes);
        Assert.StartsWith("output 0: download failed", Assert.Single(stored.FailedOutputs));
        using var client = fixture.ClientFor(userId);
        var entry = await client.GetFromJsonAsync<HistoryEntry>($"/api/history/{assetId}").WaitAsync(HistoryApiFixture.Timeout);
        Assert.Equal(22L, entry!.Seed);
    }

    [Fact]
    public async Task A_redelivered_or_repeated_GenerationSucceeded_stores_nothing_twice_and_keeps_the_first_asset_ids()
    {
        var userId = Guid.NewGuid();
        var first = TestImages.Png(40, 40, seed: 31);
        var second = TestImages.Png(48, 40, seed: 32);
        var message = Succeeded(userId, [Output(fixture.Media.Serve(first)), Output(fixture.Media.Serve(second))]);
        var bus = fixture.Services.GetRequiredService<IBus>();
        var messageId = Guid.NewGuid();

        await bus.Publish(message, context => context.MessageId = messageId).WaitAsync(HistoryApiFixture.Timeout);
        var stored = await fixture.WaitForStoredAsync(message.JobId);
        fixture.Stored.TryRemove(message.JobId, out _);
        // The same message again (the broker redelivers it), then the same job under a new message id.
        await bus.Publish(message, context => context.MessageId = messageId).WaitAsync(HistoryApiFixture.Timeout);
        await fixture.PublishAsync(message);
        var repeated = await fixture.WaitForStoredAsync(message.JobId);

        Assert.Equal(stored.AssetIds, repeated.AssetIds);
        Assert.Equal(stored.OutputIndexes, repeated.OutputIndexes);
        var rows = await fixture.WithDbAsync(db => db.Assets.Where(a => a.JobId == message.JobId).Select(a => a.Checksum).ToListAsync());
        Assert.Equal(2, rows.Count);
        foreach (var checksum in rows)
        {
            Assert.Equal(1, await fixture.BlobReferencesAsync(checksum));
        }

        // Downloads made for the repeats are dropped, not left in staging.
        await Eventually.WaitUntilAsync(() => Task.FromResult(fixture.FilesUnder("tmp").Count == 0), HistoryApiFixture.Timeout, "staging emptied");
    }

    [Fact]
    public async Task ImageProcessed_outputs_are_stored_under_the_operation_kind()
    {
        var userId = Guid.NewGuid();
        var bytes = TestImages.Png(96, 48, seed: 7);
        var message = new ImageProcessed
        {
            JobId = Guid.NewGuid(),
            UserId = userId,
            CorrelationId = Guid.NewGuid(),
            Operation = "removeBackground",
            Outputs = [Output(fixture.Media.Serve(bytes))],
            Cost = 0.001m,
            CompletedAt = DateTimeOffset.UtcNow,
        };

        await fixture.PublishAsync(message);
        var stored = await fixture.WaitForStoredAsync(message.JobId);

        using var client = fixture.ClientFor(userId);
        var entry = await client.GetFromJsonAsync<HistoryEntry>($"/api/history/{Assert.Single(stored.AssetIds)}").WaitAsync(HistoryApiFixture.Timeout);
        Assert.Equal(("removeBackground", 96, 48, 0.001m), (entry!.Kind, entry.Width!.Value, entry.Height!.Value, entry.Cost!.Value));
        Assert.Equal(AssetOrigins.Processing, stored.Origin);
    }

    private static JobOutput Output(string url, long? seed = null, decimal? cost = null) =>
        new() { RunwareUrl = url, Seed = seed, Cost = cost, ImageUuid = Guid.NewGuid().ToString() };

    private static GenerationSucceeded Succeeded(Guid userId, IReadOnlyList<JobOutput> outputs) => new()
    {
        JobId = Guid.NewGuid(),
        UserId = userId,
        CorrelationId = Guid.NewGuid(),
        Kind = "textToImage",
        Prompt = "a lighthouse on a cliff at dusk",
        NegativePrompt = "blurry",
        Model = "runware:100@1",
        Width = 640,
        Height = 480,
        Steps = 4,
        Outputs = outputs,
        Cost = 0.0025m,
        CompletedAt = DateTimeOffset.UtcNow,
    };
}
