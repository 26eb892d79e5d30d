using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Loop.Exporter.Endpoint;
using Loop.Exporter.Tests.Support;

namespace Loop.Exporter.Tests.Web;

/// <summary>The live view's files and feed as the engine's Kestrel serves them.</summary>
public sealed partial class WebPageTests
{
    private static readonly HttpClient Http = new();

    [Theory]
    [InlineData("", "text/html")]
    [InlineData("app.js", "text/javascript")]
    [InlineData("app.css", "text/css")]
    public async Task Files_ServedWithTheirType_UnderAContentSecurityPolicyThatForbidsInlineScript(string path, string type)
    {
        await using var served = await ServedEndpoints.StartAsync(new EndpointOptions());

        using var response = await Http.GetAsync(new Uri(served.Address, path));

        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal); // no 'unsafe-inline'
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Page_EveryScriptIsAFile_EveryInputHasALabel()
    {
        await using var served = await ServedEndpoints.StartAsync(new EndpointOptions());

        var html = await Http.GetStringAsync(served.Address);

        Assert.All(ScriptTag().Matches(html), tag => Assert.Contains("src=", tag.Value, StringComparison.Ordinal));
        Assert.DoesNotContain(" on", Regex.Replace(html, "<script[^>]*>", string.Empty), StringComparison.Ordinal); // no onclick= and the like
        foreach (Match input in InputId().Matches(html))
        {
            Assert.Contains($"for=\"{input.Groups[1].Value}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Live_EventStream_OneDataLinePerFrame_RetryFirst()
    {
        await using var served = await ServedEndpoints.StartAsync(new EndpointOptions { Live = Frames });

        var body = await Http.GetStringAsync(new Uri(served.Address, "live"));

        Assert.Equal("retry: 2000\n\ndata: {\"tick\":1}\n\ndata: {\"tick\":2}\n\n", body);
    }

    [Fact]
    public async Task Live_NoFeed_404()
    {
        await using var served = await ServedEndpoints.StartAsync(new EndpointOptions());

        using var response = await Http.GetAsync(new Uri(served.Address, "live"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Frames([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "{\"tick\":1}"u8.ToArray();
        yield return "{\"tick\":2}"u8.ToArray();
    }

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("<(?:input|select)[^>]*id=\"([^\"]+)\"")]
    private static partial Regex InputId();
}
