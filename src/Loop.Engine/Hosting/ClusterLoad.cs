using System.Text.Json;

namespace Loop.Engine.Hosting;

/// <summary>
/// The cluster's work as the cluster's bus gathers it from every node's <see cref="NodeLoad"/>: each node's part, and
/// their sums. The nodes tick on one grid, so a tick's work for the cluster is the sum of the nodes' parts: the loop
/// latency sum is what one engine running every adapter would need per tick, and the largest p99 is the slowest node's.
/// </summary>
/// <param name="Nodes">The members' latest reports, by node.</param>
internal sealed record ClusterLoad(IReadOnlyList<NodeLoad> Nodes)
{
    /// <summary>Writes it as the <c>load</c> object of /status's <c>cluster</c>.</summary>
    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject("load");
        json.WriteNumber("adapters", Nodes.Sum(static n => n.Adapters));
        json.WriteNumber("ran_per_tick", Math.Round(Nodes.Sum(static n => n.RanPerTick), 1));
        json.WriteNumber("loop_latency_ms", Math.Round(Nodes.Sum(static n => n.LoopLatencyMs), 3));
        json.WriteNumber("loop_latency_p99_ms_max", Math.Round(Nodes.Count == 0 ? 0 : Nodes.Max(static n => n.LoopLatencyP99Ms), 3));
        json.WriteStartArray("nodes");
        foreach (var node in Nodes)
        {
            json.WriteStartObject();
            json.WriteString("node", node.Node);
            json.WriteNumber("adapters", node.Adapters);
            json.WriteNumber("ran_per_tick", Math.Round(node.RanPerTick, 1));
            json.WriteNumber("loop_latency_ms", Math.Round(node.LoopLatencyMs, 3));
            json.WriteNumber("loop_latency_p99_ms", Math.Round(node.LoopLatencyP99Ms, 3));
            json.WriteNumber("ticks", node.Ticks);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
