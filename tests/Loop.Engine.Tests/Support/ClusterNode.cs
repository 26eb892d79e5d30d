using System.Globalization;
using System.Text.Json;

namespace Loop.Engine.Tests.Support;

/// <summary>A real engine process as a node of a cluster on one PostgreSQL journal, and what its /status says of the cluster.</summary>
internal static class ClusterNode
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>
    /// Starts <c>loop run</c> in its own folder under <paramref name="scratch"/>, on 127.0.0.1:<paramref name="port"/>,
    /// seeded by <paramref name="seedPort"/>. <paramref name="adapters"/> are the spec's adapter lines; <paramref name="extra"/>
    /// more top-level spec keys.
    /// </summary>
    public static LoopProcess Start(string scratch, string name, int port, int seedPort, string connection, string adapters, string extra = "")
    {
        var folder = Path.Combine(scratch, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "spec.yaml"), string.Create(CultureInfo.InvariantCulture, $$"""
            loop: { name: clustered, tick_ms: 200, deadline_ms: 150 }
            exporter: { port: 0 }
            storage: { provider: postgres, connection: "{{connection}}" }
            cluster: { hostname: 127.0.0.1, port: {{port}}, seed_nodes: ["127.0.0.1:{{seedPort}}"] }
            {{extra}}
            adapters:
            {{adapters}}
            """));
        return LoopProcess.Start(folder, "run", "--spec", "spec.yaml");
    }

    public static async Task<JsonElement> StatusAsync(string url)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(url + "/status"));
        return document.RootElement.Clone();
    }

    /// <summary>The adapters the node runs now.</summary>
    public static List<string> Adapters(JsonElement status) =>
        [.. status.GetProperty("adapters").EnumerateArray().Select(static a => a.GetProperty("name").GetString()!)];

    public static List<(string Address, string Status)> Members(JsonElement status) =>
        [.. status.GetProperty("cluster").GetProperty("members").EnumerateArray().Select(static m => (m.GetProperty("address").GetString()!, m.GetProperty("status").GetString()!))];
}
