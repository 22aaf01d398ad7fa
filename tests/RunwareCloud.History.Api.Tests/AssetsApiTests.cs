using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using RunwareCloud.History.Api.Apis;

namespace RunwareCloud.History.Api.Tests;

[Collection(HistoryApiCollection.Name)]
public sealed class AssetsApiTests(HistoryApiFixture fixture)
{
    private static readonly TimeSpan s_timeout = HistoryApiFixture.Timeout;

    [Fact]
    public async Task Upload_sniffs_the_type_from_the_bytes_not_the_file_name()
    {
        var bytes = TestImages.Png(300, 120, seed: 20);
        using var client = fixture.ClientFor(Guid.NewGuid());
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "notes.txt" } };

        var response = await client.PostAsync("/api/assets", form).WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var uploaded = await response.Content.ReadFromJsonAsync<UploadedAsset>().WaitAsync(s_timeout);
        Assert.Equal(($"/api/assets/{uploaded!.Id}", "image/png", 300, 120, (long)bytes.Length),
            (uploaded.Url, uploaded.ContentType, uploaded.Width!.Value, uploaded.Height!.Value, uploaded.Size));
        Assert.Equal(uploaded.Url, response.Headers.Location!.OriginalString);
        Assert.Equal(bytes, await client.GetByteArrayAsync(uploaded.Url).WaitAsync(s_timeout));
    }

    [Fact]
    public async Task Upload_of_a_raw_body_that_is_not_media_is_rejected_naming_the_file_field()
    {
        using var client = fixture.ClientFor(Guid.NewGuid());
        using var content = new ByteArrayContent("#!/bin/sh\necho hi\n"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        var response = await client.PostAsync("/api/assets", content).WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"file\"", await response.Content.ReadAsStringAsync().WaitAsync(s_timeout));
        Assert.Empty(fixture.FilesUnder("tmp"));
    }

    [Fact]
    public async Task Upload_over_the_size_cap_is_rejected_with_413()
    {
        using var client = fixture.ClientFor(Guid.NewGuid());
        var bytes = new byte[HistoryApiFixture.MaxBytes + 10];
        TestImages.Png(8, 8).CopyTo(bytes, 0);

        var response = await client.PostAsync("/api/assets", new ByteArrayContent(bytes)).WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(fixture.FilesUnder("tmp"));
    }

    [Fact]
    public async Task Upload_is_forbidden_to_viewers_and_needs_a_token()
    {
        using var viewer = fixture.ClientFor(Guid.NewGuid(), Roles.Viewer);
        using var anonymous = fixture.CreateClient();

        var forbidden = await viewer.PostAsync("/api/assets", new ByteArrayContent(TestImages.Png(8, 8))).WaitAsync(s_timeout);
        var unauthorized = await anonymous.PostAsync("/api/assets", new ByteArrayContent(TestImages.Png(8, 8))).WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Fact]
    public async Task Asset_is_served_with_a_strong_etag_immutable_caching_ranges_and_304()
    {
        var (client, asset, bytes) = await UploadAsync(seed: 21);

        var full = await client.GetAsync(asset.Url).WaitAsync(s_timeout);
        var etag = full.Headers.ETag!;
        using var ranged = new HttpRequestMessage(HttpMethod.Get, asset.Url) { Headers = { Range = new RangeHeaderValue(10, 19) } };
        var partial = await client.SendAsync(ranged).WaitAsync(s_timeout);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, asset.Url) { Headers = { IfNoneMatch = { etag } } };
        var notModified = await client.SendAsync(conditional).WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.False(etag.IsWeak);
        var cacheControl = full.Headers.CacheControl!;
        Assert.True(cacheControl.Private);
        Assert.Equal(TimeSpan.FromDays(365), cacheControl.MaxAge);
        Assert.Contains(cacheControl.Extensions, extension => extension.Name == "immutable");
        Assert.Equal("bytes", Assert.Single(full.Headers.AcceptRanges));
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes[10..20], await partial.Content.ReadAsByteArrayAsync().WaitAsync(s_timeout));
        Assert.Equal($"bytes 10-19/{bytes.Length}", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        client.Dispose();
    }

    [Fact]
    public async Task Another_users_asset_is_not_found_but_an_admin_can_read_it()
    {
        var (owner, asset, bytes) = await UploadAsync(seed: 22);
        using var stranger = fixture.ClientFor(Guid.NewGuid());
        using var admin = fixture.ClientFor(Guid.NewGuid(), Roles.Admin);

        var strangerAsset = await stranger.GetAsync(asset.Url).WaitAsync(s_timeout);
        var strangerEntry = await stranger.GetAsync($"/api/history/{asset.Id}").WaitAsync(s_timeout);
        var strangerDelete = await stranger.DeleteAsync($"/api/history/{asset.Id}").WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.NotFound, strangerAsset.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, strangerEntry.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, strangerDelete.StatusCode);
        Assert.Equal(bytes, await admin.GetByteArrayAsync(asset.Url).WaitAsync(s_timeout));
        Assert.Equal(bytes, await owner.GetByteArrayAsync(asset.Url).WaitAsync(s_timeout));
        owner.Dispose();
    }

    [Theory]
    [InlineData("/api/assets/../../../etc/passwd")]
    [InlineData("/api/assets/..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    [InlineData("/api/assets/blobs%2F00%2F00")]
    [InlineData("/api/assets/not-a-guid")]
    public async Task Asset_paths_that_are_not_guids_never_reach_the_store(string path)
    {
        using var client = fixture.ClientFor(Guid.NewGuid(), Roles.Admin);

        var response = await client.GetAsync(path).WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);
    }

    [Fact]
    public async Task Asset_size_other_than_thumb_or_original_is_rejected()
    {
        var (client, asset, _) = await UploadAsync(seed: 23);

        var response = await client.GetAsync($"{asset.Url}?size=..%2F..%2Fetc").WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"size\"", await response.Content.ReadAsStringAsync().WaitAsync(s_timeout));
        client.Dispose();
    }

    private async Task<(HttpClient Client, UploadedAsset Asset, byte[] Bytes)> UploadAsync(int seed)
    {
        var bytes = TestImages.Png(120, 90, seed);
        var client = fixture.ClientFor(Guid.NewGuid());
        var response = await client.PostAsync("/api/assets", new ByteArrayContent(bytes)).WaitAsync(s_timeout);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (client, (await response.Content.ReadFromJsonAsync<UploadedAsset>().WaitAsync(s_timeout))!, bytes);
    }
}
