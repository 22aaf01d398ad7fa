using Microsoft.Playwright;
using RunwareCloud.Imaging;

namespace RunwareCloud.Web.Tests;

[Collection(WebCollection.Name)]
public sealed class WebAppTests(WebFixture web)
{
    private static readonly LocatorAssertionsToHaveCountOptions s_jobWait = new() { Timeout = 90_000 };

    [Fact]
    public async Task Generator_shows_two_images_live_and_the_gallery_finds_them_by_a_prompt_word()
    {
        var page = await web.NewPageAsync();
        var errors = CollectPageErrors(page);
        await web.SignInAsAdminAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Live" })).ToBeVisibleAsync();

        await page.GetByLabel("Width", new() { Exact = true }).FillAsync("100");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Must be a multiple of 64 between 128 and 2048.")).ToBeVisibleAsync();
        await web.ScreenshotAsync(page, "generate-validation");

        var word = $"zebra{Guid.NewGuid():N}"[..12];
        await page.GetByLabel("Prompt", new() { Exact = true }).FillAsync($"a {word} lighthouse on a cliff at dusk");
        await page.GetByLabel("Width", new() { Exact = true }).FillAsync("256");
        await page.GetByLabel("Height", new() { Exact = true }).FillAsync("256");
        await page.GetByLabel("Images", new() { Exact = true }).FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate", Exact = true }).ClickAsync();

        var job = page.Locator("[data-testid=job]").First;
        await Assertions.Expect(job).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=job][data-status=succeeded]")).ToHaveCountAsync(1, s_jobWait);
        var images = job.Locator("[data-testid=output] img");
        await Assertions.Expect(images).ToHaveCountAsync(2, s_jobWait);
        await Eventually.WaitUntilAsync(
            async () => await images.EvaluateAllAsync<bool>("imgs => imgs.every(i => i.complete && i.naturalWidth === 256)"),
            TimeSpan.FromSeconds(30), "both results loaded at 256 px");
        await web.ScreenshotAsync(page, "generate");

        await page.GetByRole(AriaRole.Link, new() { Name = "Gallery" }).ClickAsync();
        await page.GetByLabel("Search prompts").FillAsync(word);
        await Assertions.Expect(page.Locator("[data-testid=gallery-item]")).ToHaveCountAsync(2, s_jobWait);
        await Assertions.Expect(page.Locator("[data-testid=gallery-item] img")).ToHaveCountAsync(2);
        await web.ScreenshotAsync(page, "gallery");

        await page.Locator("[data-testid=gallery-item] button").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync(word);
        await web.ScreenshotAsync(page, "gallery-detail");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Tools_remove_the_background_upscale_and_caption_an_uploaded_image()
    {
        var page = await web.NewPageAsync();
        var errors = CollectPageErrors(page);
        await web.SignInAsAdminAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Tools" }).ClickAsync();

        await page.GetByLabel("Image", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "subject.png", MimeType = "image/png", Buffer = SubjectOnPlainBackground(),
        });
        var removeBackground = page.GetByRole(AriaRole.Button, new() { Name = "Remove background" });
        await Assertions.Expect(removeBackground).ToBeEnabledAsync();

        await removeBackground.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Upscale", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Caption" }).ClickAsync();

        var finished = page.Locator("[data-testid=job][data-status=succeeded], [data-testid=job][data-status=failed], [data-testid=job][data-status=canceled]");
        try
        {
            await Assertions.Expect(finished).ToHaveCountAsync(3, s_jobWait);
        }
        finally
        {
            await web.ScreenshotAsync(page, "tools");
        }

        var results = await page.Locator("main").InnerTextAsync();
        Assert.True(await page.Locator("[data-testid=job][data-status=succeeded]").CountAsync() == 3, results);
        await Assertions.Expect(page.Locator("[data-testid=tool-remove-background] [data-testid=output] img")).ToHaveCountAsync(1, s_jobWait);
        var upscaled = page.Locator("[data-testid=tool-upscale] [data-testid=output] img");
        await Assertions.Expect(upscaled).ToHaveCountAsync(1, s_jobWait);
        await Eventually.WaitUntilAsync(
            async () => await upscaled.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") == 512,
            TimeSpan.FromSeconds(30), "the upscaled image is twice the original's width");
        var caption = await page.Locator("[data-testid=caption]").InnerTextAsync();
        Assert.False(string.IsNullOrWhiteSpace(caption));
        await Assertions.Expect(page.Locator("[data-testid=tool-remove-background] figure.before img")).ToHaveCountAsync(1);
        await web.ScreenshotAsync(page, "tools");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Every_page_renders_its_heading_on_wide_and_narrow_screens()
    {
        var page = await web.NewPageAsync();
        var errors = CollectPageErrors(page);
        await web.SignInAsAdminAsync(page);
        foreach (var (link, heading, name) in new[]
        {
            ("Video", "Video", "video"), ("Orders", "Orders", "orders"), ("Settings", "Settings", "settings"),
            ("Admin", "Administration", "admin"),
        })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await web.ScreenshotAsync(page, name);
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "admin", Exact = true }).First).ToBeVisibleAsync();

        var narrow = await web.NewPageAsync(width: 390, height: 844);
        await web.SignInAsAdminAsync(narrow);
        await Assertions.Expect(narrow.GetByRole(AriaRole.Button, new() { Name = "Menu" })).ToBeVisibleAsync();
        await Assertions.Expect(narrow.GetByRole(AriaRole.Heading, new() { Name = "Generate", Level = 1 })).ToBeVisibleAsync();
        var overflow = await narrow.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the generator page scrolls sideways on a phone-sized screen");
        await web.ScreenshotAsync(narrow, "generate-narrow");
        Assert.Empty(errors);
    }

    private static List<string> CollectPageErrors(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        return errors;
    }

    /// <summary>A dark disc on a light, flat background: something for background removal to cut out.</summary>
    private static byte[] SubjectOnPlainBackground()
    {
        var image = new RgbaImage(256, 256);
        for (var y = 0; y < 256; y++)
        {
            for (var x = 0; x < 256; x++)
            {
                var inside = (x - 128) * (x - 128) + (y - 128) * (y - 128) < 80 * 80;
                image.SetPixel(x, y, inside ? (byte)30 : (byte)235, inside ? (byte)60 : (byte)235, inside ? (byte)160 : (byte)235);
            }
        }

        return PngEncoder.Encode(image);
    }
}
