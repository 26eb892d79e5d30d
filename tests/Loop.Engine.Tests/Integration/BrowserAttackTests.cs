using System.Diagnostics;
using System.Net;
using System.Text;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>
/// Issue 12, item 1, as it was found: a page on another origin, opened in a real headless Chromium,
/// POSTs a command adapter to the engine's /bus with fetch(..., {mode: 'no-cors'}) and a text/plain body
/// (no CORS preflight). The request reaches the engine; the engine refuses it; no program runs.
/// </summary>
public sealed class BrowserAttackTests
{
    [Fact]
    public async Task PageOnAnotherOrigin_NoCorsFetchToBus_ReachesTheEngine_RefusedAndNothingRuns()
    {
        await using var run = await BusRun.StartAsync(sections: "bus: { allow_command_adapters: true, command_allowlist: [touch] }"); // even allowed, a browser may not add it
        var page = $$$"""
            <html><body><pre id="out">waiting</pre><script>
            const body = '{"cmd":"add_adapter","args":{"name":"x","kind":"command","command":"touch","args":["pwned"]}}';
            fetch('{{{run.Endpoint}}}/bus', { mode: 'no-cors', method: 'POST', headers: { 'Content-Type': 'text/plain' }, body })
              .then(r => { document.getElementById('out').textContent = 'answered ' + r.type; })
              .catch(e => { document.getElementById('out').textContent = 'unreachable ' + e; });
            </script></body></html>
            """;
        using var attacker = new HttpListener();
        var port = FreePort.Next();
        attacker.Prefixes.Add($"http://127.0.0.1:{port}/");
        attacker.Start();
        var serve = Task.Run(async () =>
        {
            // The page, and 404 for anything else the browser asks (its favicon): every request answered.
            while (attacker.IsListening)
            {
                var context = await attacker.GetContextAsync();
                if (context.Request.Url?.AbsolutePath == "/")
                {
                    context.Response.ContentType = "text/html";
                    await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(page));
                }
                else
                {
                    context.Response.StatusCode = 404;
                }

                context.Response.Close();
            }
        });

        var dom = await ChromiumAsync($"http://127.0.0.1:{port}/", run.Path);
        attacker.Stop();
        await Task.WhenAny(serve, Task.Delay(1000));
        await Task.Delay(1000); // an adapter added by the request would have run by now

        Assert.Contains("answered opaque", dom, StringComparison.Ordinal); // it reached the engine, which answered (403)
        Assert.Empty(run.Acks());                                           // refused before the bus: no command at all
        Assert.False(File.Exists(Path.Combine(run.Path, "pwned")), "the page ran a program through the engine");
    }

    private static async Task<string> ChromiumAsync(string url, string scratch)
    {
        var profile = Directory.CreateDirectory(Path.Combine(scratch, "chromium-profile")).FullName;
        var info = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", url,
        })
        {
            info.ArgumentList.Add(arg);
        }

        using var chromium = Process.Start(info) ?? throw new InvalidOperationException("chromium did not start (test.sh installs Debian's chromium)");
        var stdout = chromium.StandardOutput.ReadToEndAsync();
        _ = chromium.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await chromium.WaitForExitAsync(timeout.Token);
        return await stdout;
    }
}
