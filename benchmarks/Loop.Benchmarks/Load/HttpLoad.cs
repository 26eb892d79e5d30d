using System.Diagnostics;
using Loop.Actors.Adapters;
using Loop.Actors.Loop;

namespace Loop.Benchmarks.Load;

/// <summary>
/// N HTTP adapters at 5 Hz against a Kestrel target in another process: the engine's CPU per probe
/// with keep-alive (HttpAdapter) and, in the same run, with a new connection per probe.
/// </summary>
public static class HttpLoad
{
    public static void Run(int adapters, TimeSpan window)
    {
        using var server = HttpTargetServer.Start(out var baseUrl);
        try
        {
            var url = new Uri(baseUrl + "/ok");
            var tick = TimeSpan.FromMilliseconds(200);
            var spread = TimeSpan.FromMilliseconds(100);
            LoopLoad.Run(
                "http_keep_alive",
                $"{adapters} HTTP adapters (HttpAdapter, shared keep-alive pool), 5 Hz, calls spread over 100 ms",
                Enumerable.Range(0, adapters).Select(i => Definition("h" + i, () => new HttpAdapter(new HttpAdapterOptions { Url = url }))).ToList(),
                window,
                tick,
                spread,
                measureMemory: false);
            LoopLoad.Run(
                "http_new_connection_per_probe",
                $"{adapters} HTTP adapters opening a new connection per probe (blackbox_exporter's way), 5 Hz, spread over 100 ms",
                Enumerable.Range(0, adapters).Select(i => Definition("r" + i, () => new ReconnectingHttpAdapter(url))).ToList(),
                window,
                tick,
                spread,
                measureMemory: false);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
    }

    private static AdapterDefinition Definition(string name, Func<IAdapter> factory) =>
        new(name, "http", factory, TimeSpan.FromMilliseconds(150), new RestartPolicy { AfterFailures = 1000 });
}
