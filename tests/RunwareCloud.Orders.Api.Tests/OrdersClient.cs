using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using RunwareCloud.Imaging;

namespace RunwareCloud.Orders.Api.Tests;

/// <summary>orders-api's HTTP API as a client drives it (shared by the tests and the orders benchmark).</summary>
public static class OrdersClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(30);

    public static async Task<JsonElement> CreateOrderAsync(this HttpClient client, string eventId, object? options = null)
    {
        var response = await client.PostAsJsonAsync("/api/orders", new
        {
            eventId, customerName = "Ada Lovelace", customerEmail = "ada@example.com",
            options = options ?? new { removeBackground = false, upscaleFactor = 2, caption = true },
        }).WaitAsync(s_callTimeout);
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    /// <summary>Adds <paramref name="count"/> distinct photos (PNG, a subject on a plain background) in one multipart request.</summary>
    public static async Task<HttpResponseMessage> AddImagesAsync(this HttpClient client, Guid orderId, int count)
    {
        using var form = new MultipartFormDataContent();
        for (var i = 0; i < count; i++)
        {
            var file = new ByteArrayContent(Photo(i));
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "files", $"photo-{i:D3}.png");
        }

        return await client.PostAsync($"/api/orders/{orderId}/images", form).WaitAsync(TimeSpan.FromSeconds(90));
    }

    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, Guid orderId) =>
        await client.PostAsync($"/api/orders/{orderId}/submit", null).WaitAsync(s_callTimeout);

    public static async Task<JsonElement> GetOrderAsync(this HttpClient client, Guid orderId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}", Json).WaitAsync(s_callTimeout);

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path) =>
        await client.GetFromJsonAsync<JsonElement>(path, Json).WaitAsync(s_callTimeout);

    public static async Task<JsonElement> WaitForStatusAsync(this HttpClient client, Guid orderId, string status, TimeSpan timeout)
    {
        var found = await Eventually.WaitForAsync<JsonElement?>(async () =>
        {
            var order = await client.GetOrderAsync(orderId);
            return order.GetProperty("status").GetString() == status ? order : null;
        }, timeout, $"order {orderId} to be {status}", TimeSpan.FromMilliseconds(100));
        return found!.Value;
    }

    /// <summary>The order's status changes in the audit log, oldest first.</summary>
    public static async Task<List<string>> GetTransitionsAsync(this HttpClient client, Guid orderId)
    {
        var audit = await client.GetJsonAsync($"/api/orders/{orderId}/audit");
        return [.. audit.EnumerateArray().Where(a => a.GetProperty("action").GetString() == "order.status-changed")
            .Select(a => JsonDocument.Parse(a.GetProperty("details").GetString()!).RootElement.GetProperty("to").GetString()!)];
    }

    /// <summary>A 48×48 photo: a coloured square subject, its colour and place set by <paramref name="index"/>, on grey.</summary>
    public static byte[] Photo(int index)
    {
        const int Size = 48;
        var image = new RgbaImage(Size, Size);
        var (r, g, b) = ((byte)(40 + index * 37 % 200), (byte)(220 - index * 53 % 180), (byte)(60 + index * 71 % 190));
        var offset = 8 + index % 12;
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var inSubject = x >= offset && x < offset + 20 && y >= 12 && y < 36;
                image.SetPixel(x, y, inSubject ? r : (byte)200, inSubject ? g : (byte)200, inSubject ? b : (byte)200);
            }
        }

        return PngEncoder.Encode(image);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new HttpRequestException(
                $"Expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }
}
