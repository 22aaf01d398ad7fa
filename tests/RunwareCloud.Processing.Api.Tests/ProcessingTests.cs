extern alias emulator;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RunwareCloud.Contracts.Processing;
using RunwareCloud.Imaging;
using FaultSettings = emulator::RunwareCloud.Runware.Emulator.Faults.FaultSettings;
using TaskErrorFault = emulator::RunwareCloud.Runware.Emulator.Faults.TaskErrorFault;

namespace RunwareCloud.Processing.Api.Tests;

[Collection(ProcessingCollection.Name)]
public sealed class ProcessingTests(ProcessingApiFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.Emulator.ClearFaultsAsync();

    [Fact]
    public async Task Remove_background_yields_a_png_with_transparency()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());

        var job = await SubmitAndWaitAsync(client, "remove-background", new { image = SubjectDataUri() }, "succeeded");

        var output = job.GetProperty("outputs")[0];
        Assert.Equal("image/png", output.GetProperty("contentType").GetString());
        var bytes = await new HttpClient().GetByteArrayAsync(output.GetProperty("runwareUrl").GetString()).WaitAsync(s_timeout);
        var image = PngDecoder.Decode(bytes);
        Assert.Equal(0, image.Pixels[3]);
        Assert.Equal(255, image.Pixels[((image.Height / 2) * image.Width + image.Width / 2) * 4 + 3]);
    }

    [Fact]
    public async Task Upscale_by_four_makes_an_image_four_times_larger()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());

        var job = await SubmitAndWaitAsync(client, "upscale", new { image = SubjectDataUri(), upscaleFactor = 4 }, "succeeded");

        var bytes = await new HttpClient().GetByteArrayAsync(job.GetProperty("outputs")[0].GetProperty("runwareUrl").GetString()).WaitAsync(s_timeout);
        var image = PngDecoder.Decode(bytes);
        Assert.Equal((128, 128), (image.Width, image.Height));
    }

    [Fact]
    public async Task Caption_describes_the_image_and_succeeds_without_an_asset()
    {
        using var client = fixture.CreateClient(Guid.NewGuid());

        var job = await SubmitAndWaitAsync(client, "caption", new { image = SubjectDataUri() }, "succeeded");

        var text = job.GetProperty("outputs")[0].GetProperty("text").GetString();
        Assert.False(string.IsNullOrWhiteSpace(text));
    }

    [Fact]
    public async Task A_process_image_command_from_an_order_creates_and_runs_the_job()
    {
        var jobId = Guid.NewGuid();
        var orderId = Guid.NewGuid();

        var endpoint = await fixture.Bus.GetSendEndpoint(new Uri("queue:process-image"));
        await endpoint.Send(new ProcessImage
        {
            JobId = jobId, UserId = Guid.NewGuid(), CorrelationId = Guid.NewGuid(), Operation = "upscale", InputUrl = SubjectDataUri(),
            UpscaleFactor = 2, OrderId = orderId, OrderImageId = Guid.NewGuid(), RequestedAt = DateTimeOffset.UtcNow,
        });

        await Eventually.WaitUntilAsync(() => fixture.Processed.Any(m => m.JobId == jobId), s_timeout, "ImageProcessed for the order's photo");
        Assert.Equal(orderId, fixture.Processed.Single(m => m.JobId == jobId).OrderId);
    }

    [Fact]
    public async Task A_runware_fault_fails_the_job_with_its_code()
    {
        await fixture.Emulator.SetFaultsAsync(new FaultSettings
        {
            TaskErrors = new() { ["upscale"] = new TaskErrorFault { Rate = 1, Code = "invalidUpscaleFactor", Message = "bad factor" } },
        });
        using var client = fixture.CreateClient(Guid.NewGuid());

        var job = await SubmitAndWaitAsync(client, "upscale", new { image = SubjectDataUri(), upscaleFactor = 2 }, "failed");

        Assert.Equal("invalidUpscaleFactor", job.GetProperty("error").GetProperty("code").GetString());
        var id = job.GetProperty("id").GetGuid();
        await Eventually.WaitUntilAsync(() => fixture.Failed.Any(m => m.JobId == id), s_timeout, "ImageProcessingFailed");
    }

    [Theory]
    [InlineData("upscale", """{"image":"not an image"}""", "image")]
    [InlineData("upscale", """{"image":"http://10.0.0.5/internal.png"}""", "image")]
    [InlineData("upscale", """{"image":"http://localhost/x.png"}""", "image")]
    [InlineData("upscale", """{"image":"file:///etc/passwd"}""", "image")]
    [InlineData("upscale", """{"image":"data:image/png;base64,AAAA","upscaleFactor":3}""", "upscaleFactor")]
    [InlineData("caption", """{}""", "image")]
    public async Task Bad_input_is_a_400_naming_the_field(string operation, string body, string field)
    {
        using var client = fixture.CreateClient(Guid.NewGuid());

        var response = await client.PostAsync($"/api/processing/{operation}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))
            .WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Another_user_gets_404_for_the_job()
    {
        using var owner = fixture.CreateClient(Guid.NewGuid());
        using var stranger = fixture.CreateClient(Guid.NewGuid());
        var response = await owner.PostAsJsonAsync("/api/processing/caption", new { image = SubjectDataUri() });

        var seen = await stranger.GetAsync(response.Headers.Location).WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.NotFound, seen.StatusCode);
    }

    private static async Task<JsonElement> SubmitAndWaitAsync(HttpClient client, string operation, object body, string status)
    {
        var response = await client.PostAsJsonAsync($"/api/processing/{operation}", body).WaitAsync(s_timeout);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        JsonElement job = default;
        await Eventually.WaitUntilAsync(async () =>
        {
            job = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
            return job.GetProperty("status").GetString() == status;
        }, s_timeout, $"{operation} job to be {status}");
        return job;
    }

    /// <summary>A 32×32 grey square on a white background: a subject for background removal and upscaling.</summary>
    private static string SubjectDataUri()
    {
        var image = new RgbaImage(32, 32);
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 32; x++)
            {
                var inside = x is >= 8 and < 24 && y is >= 8 and < 24;
                var offset = (y * 32 + x) * 4;
                image.Pixels[offset] = image.Pixels[offset + 1] = image.Pixels[offset + 2] = (byte)(inside ? 60 : 255);
                image.Pixels[offset + 3] = 255;
            }
        }

        return "data:image/png;base64," + Convert.ToBase64String(PngEncoder.Encode(image));
    }
}
