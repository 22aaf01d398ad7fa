using System.Text.Json.Nodes;
using RunwareCloud.Imaging;

namespace RunwareCloud.Runware.Emulator.Tests;

public sealed class ProtocolTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private RunningEmulator Emulator => fixture.Emulator;

    [Fact]
    public async Task Authentication_replies_with_session_and_no_taskUUID_when_key_is_valid()
    {
        await using var socket = await TestSocket.ConnectAsync(Emulator);

        var reply = await socket.RequestAsync(new JsonObject { ["taskType"] = "authentication", ["apiKey"] = Emulator.ApiKey });

        var item = Assert.Single(reply["data"]!.AsArray())!.AsObject();
        Assert.Equal("authentication", (string?)item["taskType"]);
        Assert.True(Guid.TryParse((string?)item["connectionSessionUUID"], out _));
        Assert.False(item.ContainsKey("taskUUID"));
    }

    [Fact]
    public async Task Authentication_resumes_the_same_session_when_connectionSessionUUID_is_sent_again()
    {
        await using var first = await TestSocket.ConnectAsync(Emulator);
        var session = (string?)(await first.RequestAsync(new JsonObject { ["taskType"] = "authentication", ["apiKey"] = Emulator.ApiKey }))["data"]![0]!["connectionSessionUUID"];
        await using var second = await TestSocket.ConnectAsync(Emulator);

        var reply = await second.RequestAsync(new JsonObject { ["taskType"] = "authentication", ["apiKey"] = Emulator.ApiKey, ["connectionSessionUUID"] = session });

        Assert.Equal(session, (string?)reply["data"]![0]!["connectionSessionUUID"]);
    }

    [Fact]
    public async Task Authentication_fails_with_invalidApiKey_and_no_taskUUID_when_key_is_rejected()
    {
        await using var socket = await TestSocket.ConnectAsync(Emulator);

        var reply = await socket.RequestAsync(new JsonObject { ["taskType"] = "authentication", ["apiKey"] = "invalid-api-key" });

        Assert.Null(reply["data"]);
        var error = Assert.Single(reply["errors"]!.AsArray())!.AsObject();
        Assert.Equal("invalidApiKey", (string?)error["code"]);
        Assert.Equal("authentication", (string?)error["taskType"]);
        Assert.Equal("apiKey", (string?)error["parameter"]);
        Assert.False(error.ContainsKey("taskUUID"));
    }

    [Fact]
    public async Task Tasks_before_authentication_get_missingApiKey()
    {
        await using var socket = await TestSocket.ConnectAsync(Emulator);
        var task = TestSocket.Image();

        var reply = await socket.RequestAsync(task);

        Assert.Equal("missingApiKey", (string?)reply["errors"]![0]!["code"]);
        Assert.Equal((string?)task["taskUUID"], (string?)reply["errors"]![0]!["taskUUID"]);
    }

    [Fact]
    public async Task Ping_is_answered_with_a_pong_alone_in_its_frame_when_sent_with_a_task()
    {
        await using var socket = await TestSocket.AuthenticatedAsync(Emulator);
        var task = TestSocket.Image();

        await socket.SendAsync(task, new JsonObject { ["taskType"] = "ping", ["ping"] = true });
        var frames = new[] { await socket.ReceiveAsync(), await socket.ReceiveAsync() };

        var pong = Assert.Single(frames, f => f["data"]!.AsArray().Any(i => i!["pong"] is not null));
        var item = Assert.Single(pong["data"]!.AsArray())!.AsObject();
        Assert.Equal("ping", (string?)item["taskType"]);
        Assert.True((bool)item["pong"]!);
        Assert.False(item.ContainsKey("taskUUID"));
    }

    [Fact]
    public async Task Image_inference_streams_one_frame_per_image_when_numberResults_is_three()
    {
        await using var socket = await TestSocket.AuthenticatedAsync(Emulator);
        var task = TestSocket.Image(numberResults: 3, seed: 100);
        task["includeCost"] = true;

        await socket.SendAsync(task);
        var frames = new List<JsonObject>();
        for (var i = 0; i < 3; i++)
        {
            frames.Add(await socket.ReceiveAsync());
        }

        var items = frames.Select(f => Assert.Single(f["data"]!.AsArray())!.AsObject()).ToList();
        Assert.All(items, i => Assert.Equal((string?)task["taskUUID"], (string?)i["taskUUID"]));
        Assert.All(items, i => Assert.Equal("imageInference", (string?)i["taskType"]));
        Assert.All(items, i => Assert.False(i.ContainsKey("code")));
        Assert.All(items, i => Assert.True((double)i["cost"]! > 0));
        Assert.Equal(3, items.Select(i => (string?)i["imageUUID"]).Distinct().Count());
        Assert.Equal([100L, 101L, 102L], items.Select(i => (long)i["seed"]!).Order());
        Assert.All(items, i => Assert.StartsWith($"{Emulator.BaseUri}media/", (string?)i["imageURL"]));
    }

    [Theory]
    [InlineData("width", 500, "invalidWidth")]
    [InlineData("width", 4096, "invalidWidth")]
    [InlineData("height", 64, "invalidHeight")]
    [InlineData("numberResults", 0, "invalidNumberResults")]
    [InlineData("numberResults", 21, "invalidNumberResults")]
    [InlineData("steps", 101, "invalidSteps")]
    [InlineData("CFGScale", 31, "invalidCFGScale")]
    public async Task Image_inference_is_rejected_naming_the_parameter_when_a_number_is_out_of_range(string parameter, int value, string code)
    {
        await using var socket = await TestSocket.AuthenticatedAsync(Emulator);
        var task = TestSocket.Image();
        task[parameter] = value;

        var reply = await socket.RequestAsync(task);

        Assert.Null(reply["data"]);
        var error = Assert.Single(reply["errors"]!.AsArray())!.AsObject();
        Assert.Equal(code, (string?)error["code"]);
        Assert.Equal(parameter, (string?)error["parameter"]);
        Assert.Equal((string?)task["taskUUID"], (string?)error["taskUUID"]);
        Assert.Equal("imageInference", (string?)error["taskType"]);
    }

    [Theory]
    [InlineData("model", "nosuch:1@1", "invalidModel")]
    [InlineData("model", "klingai:5@3", "invalidModel")]
    [InlineData("positivePrompt", "", "invalidPositivePrompt")]
    [InlineData("outputFormat", "BMP", "invalidOutputFormat")]
    [InlineData("outputType", "file", "invalidOutputType")]
    public async Task Image_inference_is_rejected_naming_the_parameter_when_a_string_is_invalid(string parameter, string value, string code)
    {
        await using var socket = await TestSocket.AuthenticatedAsync(Emulator);
        var task = TestSocket.Image();
        task[parameter] = value;

        var reply = await socket.RequestAsync(task);

        Assert.Equal(code, (string?)reply["errors"]![0]!["code"]);
        Assert.Equal(parameter, (string?)reply["errors"]![0]!["parameter"]);
    }

    [Fact]
    public async Task Unknown_task_types_get_unsupportedTaskType()
    {
        await using var socket = await TestSocket.AuthenticatedAsync(Emulator);

        var reply = await socket.RequestAsync(new JsonObject { ["taskType"] = "teleport", ["taskUUID"] = Guid.NewGuid().ToString() });

        Assert.Equal("unsupportedTaskType", (string?)reply["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task Images_are_identical_for_identical_inputs_and_differ_between_prompts()
    {
        await using var socket = await TestSocket.AuthenticatedAsync(Emulator);

        var first = await GenerateAsync(socket, TestSocket.Image("a quiet forest at dawn", seed: 5));
        var again = await GenerateAsync(socket, TestSocket.Image("a quiet forest at dawn", seed: 5));
        var other = await GenerateAsync(socket, TestSocket.Image("an ocean under the moon", seed: 5));

        Assert.Equal(first, again);
        Assert.True(MeanColourDistance(PngDecoder.Decode(first), PngDecoder.Decode(other)) > 40);
    }

    [Fact]
    public async Task Image_to_image_and_inpainting_visibly_use_their_inputs()
    {
        await using var socket = await TestSocket.AuthenticatedAsync(Emulator);
        var magenta = Solid(256, 256, 255, 0, 255);
        var mask = new RgbaImage(256, 256);
        for (var y = 0; y < 256; y++)
        {
            for (var x = 0; x < 256; x++)
            {
                mask.SetPixel(x, y, x < 128 ? (byte)255 : (byte)0, x < 128 ? (byte)255 : (byte)0, x < 128 ? (byte)255 : (byte)0);
            }
        }

        var plain = PngDecoder.Decode(await GenerateAsync(socket, TestSocket.Image("a quiet forest", seed: 9)));
        var img2img = TestSocket.Image("a quiet forest", seed: 9);
        img2img["seedImage"] = DataUri(magenta);
        img2img["strength"] = 0.5;
        var mixed = PngDecoder.Decode(await GenerateAsync(socket, img2img));
        var inpaint = TestSocket.Image("a quiet forest", seed: 9);
        inpaint["seedImage"] = Convert.ToBase64String(PngEncoder.Encode(magenta));
        inpaint["maskImage"] = DataUri(mask);
        var painted = PngDecoder.Decode(await GenerateAsync(socket, inpaint));

        Assert.True(MeanColourDistance(mixed, magenta) < MeanColourDistance(plain, magenta) - 30);
        Assert.Equal((255, 0, 255, 255), painted.GetPixel(250, 128));
        Assert.Equal(plain.GetPixel(10, 128), painted.GetPixel(10, 128));
    }

    [Fact]
    public async Task Legacy_task_names_are_accepted_and_echoed_and_really_process_the_image()
    {
        await using var socket = await TestSocket.AuthenticatedAsync(Emulator);
        var generated = TestSocket.Image("a red ball in a green meadow", size: 256, seed: 3);
        await socket.SendAsync(generated);
        var imageUuid = (string?)(await socket.CollectAsync((string)generated["taskUUID"]!, 1))[0]["imageUUID"];

        var upscale = await RunAsync(socket, new JsonObject { ["taskType"] = "imageUpscale", ["inputImage"] = imageUuid, ["upscaleFactor"] = 2, ["outputFormat"] = "PNG" });
        var removal = await RunAsync(socket, new JsonObject { ["taskType"] = "imageBackgroundRemoval", ["inputImage"] = imageUuid });
        var caption = await RunAsync(socket, new JsonObject { ["taskType"] = "imageCaption", ["inputImage"] = imageUuid });

        Assert.Equal("imageUpscale", (string?)upscale["taskType"]);
        var big = PngDecoder.Decode(await fixture.Http.GetByteArrayAsync((string)upscale["imageURL"]!));
        Assert.Equal((512, 512), (big.Width, big.Height));
        Assert.Equal("imageBackgroundRemoval", (string?)removal["taskType"]);
        var cut = PngDecoder.Decode(await fixture.Http.GetByteArrayAsync((string)removal["imageURL"]!));
        Assert.Equal(0, cut.GetPixel(0, 0).A);
        Assert.True(cut.Pixels.Where((_, i) => i % 4 == 3).Count(a => a == 255) > 256 * 256 / 50);
        Assert.Equal("imageCaption", (string?)caption["taskType"]);
        Assert.Contains("green", (string?)caption["text"]);
        Assert.Contains("subject", (string?)caption["text"]);
    }

    [Fact]
    public async Task A_result_asked_for_by_URL_serves_the_same_pixels_as_the_same_result_asked_for_inline()
    {
        await using var socket = await TestSocket.AuthenticatedAsync(Emulator);
        var byUrl = TestSocket.Image("a lighthouse on a cliff", size: 128, seed: 77);
        byUrl["outputFormat"] = "PNG";
        var inline = TestSocket.Image("a lighthouse on a cliff", size: 128, seed: 77);
        inline["outputFormat"] = "PNG";
        inline["outputType"] = new JsonArray("base64Data");

        await socket.SendAsync(byUrl);
        var urlItem = (await socket.CollectAsync((string)byUrl["taskUUID"]!, 1))[0];
        await socket.SendAsync(inline);
        var inlineItem = (await socket.CollectAsync((string)inline["taskUUID"]!, 1))[0];

        using var response = await fixture.Http.GetAsync((string)urlItem["imageURL"]!);
        response.EnsureSuccessStatusCode();
        var fetched = PngDecoder.Decode(await response.Content.ReadAsByteArrayAsync());
        var expected = PngDecoder.Decode(Convert.FromBase64String((string)inlineItem["imageBase64Data"]!));
        Assert.Equal((128, 128), (fetched.Width, fetched.Height));
        Assert.Equal(expected.Pixels, fetched.Pixels);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Outputs_follow_outputType_base64Data_and_dataURI()
    {
        await using var socket = await TestSocket.AuthenticatedAsync(Emulator);
        var task = TestSocket.Image();
        task["outputType"] = new JsonArray("base64Data", "dataURI");
        task["outputFormat"] = "WEBP";

        await socket.SendAsync(task);
        var item = (await socket.CollectAsync((string)task["taskUUID"]!, 1))[0];

        Assert.False(item.ContainsKey("imageURL"));
        Assert.Equal(ImageFormat.WebP, ImageFormatSniffer.Sniff(Convert.FromBase64String((string)item["imageBase64Data"]!)));
        Assert.StartsWith("data:image/webp;base64,", (string?)item["imageDataURI"]);
    }

    [Fact]
    public async Task Prompt_enhance_returns_promptVersions_distinct_texts_within_promptMaxLength()
    {
        await using var socket = await TestSocket.AuthenticatedAsync(Emulator);
        var task = new JsonObject { ["taskType"] = "promptEnhance", ["taskUUID"] = Guid.NewGuid().ToString(), ["prompt"] = "a cat", ["promptVersions"] = 3, ["promptMaxLength"] = 60 };

        await socket.SendAsync(task);
        var items = await socket.CollectAsync((string)task["taskUUID"]!, 3);

        var texts = items.Select(i => (string)i["text"]!).ToList();
        Assert.Equal(3, texts.Distinct().Count());
        Assert.All(texts, t => Assert.InRange(t.Length, 6, 60));
        Assert.All(texts, t => Assert.StartsWith("a cat", t));
    }

    [Fact]
    public async Task Model_search_finds_models_by_text_and_category()
    {
        await using var socket = await TestSocket.AuthenticatedAsync(Emulator);

        var all = await RunAsync(socket, new JsonObject { ["taskType"] = "modelSearch", ["limit"] = 100 });
        var loras = await RunAsync(socket, new JsonObject { ["taskType"] = "modelSearch", ["category"] = "lora" });
        var flux = await RunAsync(socket, new JsonObject { ["taskType"] = "modelSearch", ["search"] = "flux", ["category"] = "checkpoint" });

        Assert.True((int)all["totalResults"]! >= 20);
        Assert.All(loras["results"]!.AsArray(), m => Assert.Equal("lora", (string?)m!["category"]));
        Assert.NotEmpty(loras["results"]!.AsArray());
        Assert.Contains(flux["results"]!.AsArray(), m => (string?)m!["air"] == "runware:101@1");
    }

    [Fact]
    public async Task Video_inference_is_acknowledged_then_polled_to_a_playable_mp4()
    {
        await using var socket = await TestSocket.AuthenticatedAsync(Emulator);
        var taskUuid = Guid.NewGuid().ToString();

        var ack = await socket.RequestAsync(new JsonObject
        {
            ["taskType"] = "videoInference", ["taskUUID"] = taskUuid, ["model"] = "klingai:5@3", ["positivePrompt"] = "slow pan over a lake",
            ["duration"] = 1, ["width"] = 640, ["height"] = 360, ["deliveryMethod"] = "async", ["includeCost"] = true,
        });
        var done = await Eventually.WaitForAsync(async () =>
        {
            var frame = await socket.RequestAsync(new JsonObject { ["taskType"] = "getResponse", ["taskUUID"] = taskUuid });
            var item = frame["data"]![0]!.AsObject();
            return (string?)item["status"] == "success" ? item : null;
        }, TimeSpan.FromSeconds(30), "video to finish", TimeSpan.FromMilliseconds(200));

        Assert.Equal("processing", (string?)ack["data"]![0]!["status"]);
        Assert.Equal("videoInference", (string?)done["taskType"]);
        Assert.True(Guid.TryParse((string?)done["videoUUID"], out _));
        using var response = await fixture.Http.GetAsync((string)done["videoURL"]!);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("ftyp"u8.ToArray(), bytes[4..8]);
    }

    [Fact]
    public async Task Get_response_for_an_unknown_task_returns_taskNotFound()
    {
        await using var socket = await TestSocket.AuthenticatedAsync(Emulator);

        var reply = await socket.RequestAsync(new JsonObject { ["taskType"] = "getResponse", ["taskUUID"] = Guid.NewGuid().ToString() });

        Assert.Equal("taskNotFound", (string?)reply["errors"]![0]!["code"]);
    }

    private async Task<byte[]> GenerateAsync(TestSocket socket, JsonObject task)
    {
        await socket.SendAsync(task);
        var item = (await socket.CollectAsync((string)task["taskUUID"]!, 1))[0];
        return await fixture.Http.GetByteArrayAsync((string)item["imageURL"]!);
    }

    private static async Task<JsonObject> RunAsync(TestSocket socket, JsonObject task)
    {
        task["taskUUID"] = Guid.NewGuid().ToString();
        await socket.SendAsync(task);
        return (await socket.CollectAsync((string)task["taskUUID"]!, 1))[0];
    }

    internal static RgbaImage Solid(int width, int height, byte r, byte g, byte b)
    {
        var image = new RgbaImage(width, height);
        for (var i = 0; i < image.Pixels.Length; i += 4)
        {
            (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2], image.Pixels[i + 3]) = (r, g, b, 255);
        }

        return image;
    }

    private static string DataUri(RgbaImage image) => "data:image/png;base64," + Convert.ToBase64String(PngEncoder.Encode(image));

    private static double MeanColourDistance(RgbaImage a, RgbaImage b)
    {
        double sum = 0;
        for (var i = 0; i < a.Pixels.Length; i += 4)
        {
            sum += Math.Abs(a.Pixels[i] - b.Pixels[i]) + Math.Abs(a.Pixels[i + 1] - b.Pixels[i + 1]) + Math.Abs(a.Pixels[i + 2] - b.Pixels[i + 2]);
        }

        return sum / (a.Pixels.Length / 4);
    }
}
