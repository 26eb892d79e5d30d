using System.Text.Json;
using Loop.Engine.Hosting;

namespace Loop.Engine.Tests.Hosting;

/// <summary>A node's report of its part of the cluster's work, and the cluster's sums on /status.</summary>
public sealed class NodeLoadTests
{
    [Fact]
    public void Summarize_MeanAndP99OfTheWindow_RanPerTick()
    {
        var latencies = Enumerable.Range(1, 200).Select(static i => (double)i).Reverse().ToList(); // 1..200 ms, unsorted

        var load = NodeLoadReporter.Summarize("127.0.0.1:4053", 300, ran: 200 * 30, latencies);

        Assert.Equal(("127.0.0.1:4053", 300, 30.0, 100.5, 198.0, 200), (load.Node, load.Adapters, load.RanPerTick, load.LoopLatencyMs, load.LoopLatencyP99Ms, load.Ticks));
    }

    [Fact]
    public void Summarize_NoTicks_Zeros()
    {
        var load = NodeLoadReporter.Summarize("n", 5, 0, []);

        Assert.Equal((5, 0.0, 0.0, 0), (load.Adapters, load.LoopLatencyMs, load.LoopLatencyP99Ms, load.Ticks));
    }

    [Fact]
    public void ClusterLoad_SumsTheNodesParts_TheSlowestTail()
    {
        var load = new ClusterLoad([new NodeLoad("a:1", 100, 10, 2.5, 4, 25), new NodeLoad("b:2", 200, 20, 3.25, 9, 25)]);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            load.Write(json);
            json.WriteEndObject();
        }

        var written = JsonDocument.Parse(stream.ToArray()).RootElement.GetProperty("load");
        Assert.Equal((300, 30.0, 5.75, 9.0), (written.GetProperty("adapters").GetInt32(), written.GetProperty("ran_per_tick").GetDouble(), written.GetProperty("loop_latency_ms").GetDouble(), written.GetProperty("loop_latency_p99_ms_max").GetDouble()));
        Assert.Equal(["a:1", "b:2"], written.GetProperty("nodes").EnumerateArray().Select(static n => n.GetProperty("node").GetString()));
    }
}
