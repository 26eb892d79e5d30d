using Loop.Load.Simulations;

namespace Loop.Engine.LoadTesting;

/// <summary>
/// The runbook's probe presets (SOURCES.md): gentle is 3 requests 2 s apart, normal 10 requests 1 s apart,
/// aggressive 25 requests 500 ms apart. Each is one request per interval for as many intervals.
/// </summary>
internal static class HttpPresets
{
    public static readonly IReadOnlyList<string> Names = ["gentle", "normal", "aggressive"];

    public static (LoadSimulation Simulation, string Label)? Find(string name) => name.ToLowerInvariant() switch
    {
        "gentle" => (Every(TimeSpan.FromSeconds(2), 3), "preset gentle: 3 requests 2 s apart"),
        "normal" => (Every(TimeSpan.FromSeconds(1), 10), "preset normal: 10 requests 1 s apart"),
        "aggressive" => (Every(TimeSpan.FromMilliseconds(500), 25), "preset aggressive: 25 requests 500 ms apart"),
        _ => null,
    };

    private static LoadSimulation Every(TimeSpan interval, int requests) => LoadSimulation.Inject(1, interval, interval * requests);
}
