using System.Net;
using System.Text.Json;

namespace RunwareCloud.Gateway.Tests;

public static class ResponseAssertions
{
    private static readonly string[] s_forbiddenFragments = ["   at ", "Exception", "PasswordHash", "KeyHash", "AQAAAA"];

    /// <summary>Asserts an RFC 7807 problem with the given status and returns its JSON.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNothingSensitive(body);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    public static void AssertNothingSensitive(string body, params string[] secrets)
    {
        foreach (var fragment in s_forbiddenFragments.Concat(secrets))
        {
            Assert.DoesNotContain(fragment, body, StringComparison.Ordinal);
        }
    }
}
