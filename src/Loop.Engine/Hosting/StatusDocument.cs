using System.Text.Json;
using Loop.Actors.Loop;
using Loop.Engine.Spec;

namespace Loop.Engine.Hosting;

/// <summary>Builds the /status JSON from the loop's own answer (asked, never read from under it).</summary>
internal static class StatusDocument
{
    public static async Task<string> RenderAsync(IActorRef loop, LoopSpec spec, HealthMonitor health, Func<ClusterView?> cluster, CancellationToken cancellationToken)
    {
        LoopSupervisor.LoopStatus status;
        try
        {
            status = await loop.Ask<LoopSupervisor.LoopStatus>(LoopSupervisor.GetStatus.Instance, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return JsonSerializer.Serialize(new { loop = new { name = spec.Loop.Name, state = "unresponsive" } });
        }

        return Render(status, spec, health, cluster());
    }

    /// <summary>The document for a status the loop already answered (the bus asks it in line with its other commands).</summary>
    /// <param name="status">The loop's answer.</param>
    /// <param name="spec">The spec.</param>
    /// <param name="health">The health monitor.</param>
    /// <param name="cluster">The cluster as this node sees it; null for one engine alone (no <c>cluster</c> key).</param>
    public static string Render(LoopSupervisor.LoopStatus status, LoopSpec spec, HealthMonitor health, ClusterView? cluster = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions()))
        {
            json.WriteStartObject();
            json.WriteStartObject("loop");
            json.WriteString("name", spec.Loop.Name);
            json.WriteString("state", !health.Healthy ? (status.Ticks == 0 ? "starting" : "stalled or stopped") : status.Paused ? "paused" : "ticking");
            json.WriteBoolean("paused", status.Paused);
            json.WriteNumber("tick_ms", status.TickInterval.TotalMilliseconds);
            json.WriteNumber("ticks", status.Ticks);
            json.WriteNumber("overruns", status.Overruns);
            json.WriteNumber("due", status.AdaptersDue); // the last tick: adapters whose interval came round
            json.WriteNumber("ran", status.AdaptersRan); // and those it called
            json.WriteEndObject();
            json.WriteStartObject("r_axis");
            json.WriteString("loop", Loop.Actors.RAxis.RAxisLevelNames.Of(status.RAxisLoop));
            foreach (var (name, adapter) in status.Adapters.OrderBy(static a => a.Key, StringComparer.Ordinal))
            {
                json.WriteString("adapter:" + name, Loop.Actors.RAxis.RAxisLevelNames.Of(adapter.RAxis));
            }

            json.WriteEndObject();
            json.WriteStartArray("adapters");
            foreach (var (name, adapter) in status.Adapters.OrderBy(static a => a.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("state", adapter.State.ToString().ToLowerInvariant());
                Output.EventFields.WriteMeasure(json, "success_rate", adapter.SuccessRate); // null: not called yet
                json.WriteNumber("restarts", adapter.Restarts);
                json.WriteString("r_axis", Loop.Actors.RAxis.RAxisLevelNames.Of(adapter.RAxis));
                json.WriteNumber("faults_left", adapter.FaultsLeft);

                // Added for the web view, after the fields clients already read.
                json.WriteString("kind", adapter.Kind);
                Output.EventFields.WriteMeasure(json, "last_latency_ms", adapter.LastLatencyMs, decimals: 3);
                json.WriteNumber("every_ms", adapter.EveryMs); // its interval now (every_failing while not OK)
                json.WriteEndObject();
            }

            json.WriteEndArray();

            // Where this engine's alerts go: `loop send rehearse` reads it back from the running engine.
            if (spec.Alertmanager.Url is { } alertmanager)
            {
                json.WriteString("alertmanager", alertmanager.ToString());
            }
            else
            {
                json.WriteNull("alertmanager");
            }

            // A node of a cluster: its members, and (above) only the adapters this node runs now.
            cluster?.Write(json);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
