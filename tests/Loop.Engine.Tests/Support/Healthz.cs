using System.Net;

using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Support;

/// <summary>Waits for a running engine's /healthz to answer a status whose body holds a text (degraded: journal..., output...).</summary>
internal static class Healthz
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static Task WaitForAsync(string endpoint, HttpStatusCode status, string contains, TimeSpan timeout) => Eventually.AssertAsync(
        async () =>
        {
            using var health = await Http.GetAsync(endpoint + "/healthz");
            Assert.Equal(status, health.StatusCode);
            Assert.Contains(contains, await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        },
        timeout,
        TimeSpan.FromMilliseconds(250));
}
