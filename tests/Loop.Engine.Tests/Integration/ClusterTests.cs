using System.Diagnostics;
using System.Text.Json;
using Loop.Engine.Tests.Support;
using Xunit.Abstractions;

namespace Loop.Engine.Tests.Integration;

/// <summary>
/// Issue 19: two real engine processes as one Akka cluster on one PostgreSQL journal. Each adapter runs on exactly
/// one node; SIGTERM on one node hands its adapters to the other; /status and /metrics say which node is which.
/// (Three nodes, a kill -9 and per-tick probes: <see cref="ClusterProbeTests"/>.)
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class ClusterTests(ITestOutputHelper output) : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private static readonly string[] Names = [.. Enumerable.Range(0, 12).Select(static i => $"probe-{i:00}")];
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task TwoNodes_AdaptersSplitWithoutOverlap_SigtermHandsThemOver()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        var ports = FreePort.Distinct(2);
        var (seedPort, otherPort) = (ports[0], ports[1]);
        using var first = StartNode("first", seedPort, seedPort, database.ConnectionString);
        var firstUrl = await first.EndpointAsync();
        using var second = StartNode("second", otherPort, seedPort, database.ConnectionString);
        var secondUrl = await second.EndpointAsync();

        // Both up, both see both; the adapters split between them, none on both.
        var (onFirst, onSecond) = await Eventually.ValueAsync(
            async () =>
            {
                var (a, b) = (await ClusterNode.StatusAsync(firstUrl), await ClusterNode.StatusAsync(secondUrl));
                Assert.All(new[] { a, b }, s => Assert.Equal(2, ClusterNode.Members(s).Count(m => m.Status == "up")));
                var (x, y) = (ClusterNode.Adapters(a), ClusterNode.Adapters(b));
                Assert.Equal(Names, x.Concat(y).Order());
                Assert.NotEmpty(x);
                Assert.NotEmpty(y); // the second node took its share (a rebalance after it joined)
                return (x, y);
            },
            TimeSpan.FromSeconds(60));
        Assert.Empty(onFirst.Intersect(onSecond));

        // Each node's series carry its name.
        var metrics = await Http.GetStringAsync(firstUrl + "/metrics");
        Assert.Contains($"resonance_ticks_total{{node=\"127.0.0.1:{seedPort}\"}}", metrics, StringComparison.Ordinal);

        // The cluster-wide view on either node: each node's part of the work, and their sums (the nodes report every 5 s).
        await Eventually.AssertAsync(
            async () =>
            {
                var load = (await ClusterNode.StatusAsync(secondUrl)).GetProperty("cluster").GetProperty("load");
                var nodes = load.GetProperty("nodes").EnumerateArray().ToList();
                Assert.Equal(new[] { $"127.0.0.1:{otherPort}", $"127.0.0.1:{seedPort}" }.Order(StringComparer.Ordinal), nodes.Select(static n => n.GetProperty("node").GetString()).Order(StringComparer.Ordinal));
                Assert.Equal(Names.Length, load.GetProperty("adapters").GetInt32());
                Assert.All(nodes, static n => Assert.True(n.GetProperty("adapters").GetInt32() > 0 && n.GetProperty("ticks").GetInt32() > 0 && n.GetProperty("loop_latency_ms").GetDouble() > 0));
                Assert.Equal(nodes.Sum(static n => n.GetProperty("loop_latency_ms").GetDouble()), load.GetProperty("loop_latency_ms").GetDouble(), 0.002);
            },
            TimeSpan.FromSeconds(30));

        // A bus command to the second is journaled once, in the second's stream.
        using (var ack = await Http.PostAsync(secondUrl + "/bus", BusContent.Of("{\"id\":\"once-19\",\"cmd\":\"reset_metrics\"}\n")))
        {
            Assert.Contains("\"ok\":true", await ack.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // SIGTERM on the second: it leaves, its adapters move to the first, and it exits 0.
        var leaving = Stopwatch.StartNew();
        second.Signal("TERM");
        var all = await Eventually.ValueAsync(
            async () =>
            {
                var adapters = ClusterNode.Adapters(await ClusterNode.StatusAsync(firstUrl));
                Assert.Equal(Names, adapters.Order());
                return adapters;
            },
            TimeSpan.FromSeconds(30));
        var moved = leaving.Elapsed;
        output.WriteLine($"SIGTERM: the leaving node's {onSecond.Count} adapters all home on the other {moved.TotalMilliseconds:0} ms later");
        Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(Names.Length, all.Count);
        Assert.True(moved < TimeSpan.FromSeconds(20), $"the adapters took {moved.TotalSeconds:0.0} s to move");
        await Eventually.AssertAsync(async () => Assert.Single(ClusterNode.Members(await ClusterNode.StatusAsync(firstUrl))), TimeSpan.FromSeconds(30));

        // `loop journal export` reads every node's stream of the shared journal, each line naming its node.
        var folder = Path.Combine(_scratch.Path, "first");
        var (code, stdout, stderr) = await LoopProcess.RunAsync(folder, "journal", "export", "--spec", "spec.yaml", "--out", "audit.jsonl");
        Assert.True(code == 0, stdout + stderr);
        var lines = File.ReadAllLines(Path.Combine(folder, "audit.jsonl")).Select(static l => JsonDocument.Parse(l).RootElement).ToList();
        string? Node(JsonElement line) => line.TryGetProperty("node", out var node) ? node.GetString() : null;
        Assert.Equal(
            new[] { $"127.0.0.1:{otherPort}", $"127.0.0.1:{seedPort}", "cluster" }.Order(StringComparer.Ordinal), // and the cluster's bus: where it began tailing
            lines.Where(static l => l.GetProperty("kind").GetString() == "lifecycle").Select(Node).Distinct().Order(StringComparer.Ordinal));
        var command = Assert.Single(lines, static l => l.TryGetProperty("id", out var id) && id.GetString() == "once-19");
        Assert.Equal($"127.0.0.1:{otherPort}", Node(command));
        Assert.All(new[] { first, second }, static node => Assert.DoesNotContain("Deserialization failed", node.Stdout, StringComparison.Ordinal)); // the load reports crossed whole
    }

    [Fact]
    public async Task BusOnEitherNode_ReachesTheAdapterWhereverItRuns_WithOneEnginesAcks()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        var ports = FreePort.Distinct(2);
        using var first = StartNode("first", ports[0], ports[0], database.ConnectionString);
        var firstUrl = await first.EndpointAsync();
        using var second = StartNode("second", ports[1], ports[0], database.ConnectionString);
        var secondUrl = await second.EndpointAsync();
        var onSecond = await Eventually.ValueAsync(
            async () =>
            {
                var (a, b) = (ClusterNode.Adapters(await ClusterNode.StatusAsync(firstUrl)), ClusterNode.Adapters(await ClusterNode.StatusAsync(secondUrl)));
                Assert.Equal(Names, a.Concat(b).Order());
                Assert.NotEmpty(a);
                Assert.NotEmpty(b);
                return b;
            },
            TimeSpan.FromSeconds(60));
        var elsewhere = onSecond[0];

        // Sent to the first node, for an adapter the second runs: applied there, acked here as one engine acks it.
        var body = await BusAsync(firstUrl, $"{{\"id\":\"d1\",\"cmd\":\"disable_adapter\",\"args\":{{\"name\":\"{elsewhere}\"}}}}\n{{\"id\":\"u1\",\"cmd\":\"disable_adapter\",\"args\":{{\"name\":\"nope\"}}}}\n{{\"cmd\":\"status\"}}\n");
        var acks = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, acks.Count);
        Assert.Equal(("d1", true), (acks[0].GetProperty("id").GetString(), acks[0].GetProperty("ok").GetBoolean()));
        Assert.Equal((elsewhere, "disabled", true), (acks[0].GetProperty("result").GetProperty("adapter").GetString(), acks[0].GetProperty("result").GetProperty("state").GetString(), acks[0].GetProperty("result").GetProperty("changed").GetBoolean()));
        Assert.Equal(("u1", false, "unknown_adapter"), (acks[1].GetProperty("id").GetString(), acks[1].GetProperty("ok").GetBoolean(), acks[1].GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal(("status", true), (acks[2].GetProperty("cmd").GetString(), acks[2].GetProperty("ok").GetBoolean())); // answers stay in order
        var state = (await ClusterNode.StatusAsync(secondUrl)).GetProperty("adapters").EnumerateArray().Single(a => a.GetProperty("name").GetString() == elsewhere).GetProperty("state").GetString();
        Assert.Equal("disabled", state);

        // The same ids through the other node (a client retrying elsewhere): d1 was applied by the cluster, so it is a
        // duplicate here too, as on one engine; u1 was refused, and a refused command's id is not kept.
        var again = (await BusAsync(secondUrl, $"{{\"id\":\"d1\",\"cmd\":\"enable_adapter\",\"args\":{{\"name\":\"{elsewhere}\"}}}}\n{{\"id\":\"u1\",\"cmd\":\"disable_adapter\",\"args\":{{\"name\":\"nope\"}}}}\n"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, again.Count);
        Assert.True(again[0].TryGetProperty("duplicate", out var duplicate) && duplicate.GetBoolean(), again[0].GetRawText());
        Assert.StartsWith("id d1 was applied before", again[0].GetProperty("result").GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.False(again[1].TryGetProperty("duplicate", out _), again[1].GetRawText());
        Assert.Equal("unknown_adapter", again[1].GetProperty("error").GetProperty("code").GetString());
        state = (await ClusterNode.StatusAsync(secondUrl)).GetProperty("adapters").EnumerateArray().Single(a => a.GetProperty("name").GetString() == elsewhere).GetProperty("state").GetString();
        Assert.Equal("disabled", state); // the duplicate enable was not applied
    }

    [Fact]
    public async Task SharedCommandsFile_AppliedOnceByTheCluster_LoopCommandsReachEveryNode()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        var ports = FreePort.Distinct(2);
        var commands = Path.Combine(_scratch.Path, "shared", "commands.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(commands)!);
        await File.WriteAllTextAsync(commands, string.Empty);
        LoopProcess Node(string name, int port, int seedPort) => ClusterNode.Start(
            _scratch.Path, name, port, seedPort, database.ConnectionString, string.Join('\n', Names.Select(static n => $"  - {{ name: {n}, kind: synthetic }}")), $"bus: {{ commands: \"{commands}\" }}");
        var first = Node("first", ports[0], ports[0]);
        try
        {
            var firstUrl = await first.EndpointAsync();
            using var second = Node("second", ports[1], ports[0]);
            var secondUrl = await second.EndpointAsync();
            await Eventually.AssertAsync(
                async () => Assert.All(new[] { await ClusterNode.StatusAsync(firstUrl), await ClusterNode.StatusAsync(secondUrl) }, s => Assert.Equal(2, ClusterNode.Members(s).Count(m => m.Status == "up"))),
                TimeSpan.FromSeconds(60));

            // Both nodes tail nothing of their own: the file's lines are the cluster's, each applied once, and a loop
            // command among them reaches both loops.
            await File.AppendAllTextAsync(commands, "{\"id\":\"f1\",\"cmd\":\"disable_adapter\",\"args\":{\"name\":\"probe-00\"}}\n{\"id\":\"f2\",\"cmd\":\"set_tick\",\"args\":{\"tick_ms\":300}}\n");
            await Eventually.AssertAsync(
                async () =>
                {
                    var (a, b) = (await ClusterNode.StatusAsync(firstUrl), await ClusterNode.StatusAsync(secondUrl));
                    Assert.All(new[] { a, b }, s => Assert.Equal(300, s.GetProperty("loop").GetProperty("tick_ms").GetDouble()));
                    var probe0 = a.GetProperty("adapters").EnumerateArray().Concat(b.GetProperty("adapters").EnumerateArray()).Single(x => x.GetProperty("name").GetString() == "probe-00");
                    Assert.Equal("disabled", probe0.GetProperty("state").GetString());
                },
                TimeSpan.FromSeconds(30));

            // pause through one node's POST /bus: both pause, and the ack says on how many nodes.
            var ack = JsonDocument.Parse(await BusAsync(firstUrl, "{\"id\":\"h1\",\"cmd\":\"pause\"}\n")).RootElement;
            Assert.True(ack.GetProperty("ok").GetBoolean(), ack.ToString());
            Assert.Equal(2, ack.GetProperty("result").GetProperty("nodes").GetInt32());
            Assert.True((await ClusterNode.StatusAsync(secondUrl)).GetProperty("loop").GetProperty("paused").GetBoolean());

            // The first (the oldest: it runs the cluster's bus) leaves. The second takes the tail over from the cluster's
            // journal: the next line is applied there, and f1 again is a duplicate, not applied twice.
            first.Signal("TERM");
            Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            await File.AppendAllTextAsync(commands, "{\"id\":\"f3\",\"cmd\":\"resume\"}\n{\"id\":\"f1\",\"cmd\":\"enable_adapter\",\"args\":{\"name\":\"probe-00\"}}\n");
            await Eventually.AssertAsync(async () => Assert.False((await ClusterNode.StatusAsync(secondUrl)).GetProperty("loop").GetProperty("paused").GetBoolean()), TimeSpan.FromSeconds(30));

            // The first comes back: its own journal says paused (h1), the cluster says resumed at 300 ms, and the cluster wins.
            first.Dispose();
            first = Node("first", ports[0], ports[1]);
            firstUrl = await first.EndpointAsync();
            await Eventually.AssertAsync(
                async () =>
                {
                    var a = await ClusterNode.StatusAsync(firstUrl);
                    Assert.Equal(2, ClusterNode.Members(a).Count(m => m.Status == "up"));
                    Assert.Equal((false, 300.0), (a.GetProperty("loop").GetProperty("paused").GetBoolean(), a.GetProperty("loop").GetProperty("tick_ms").GetDouble()));
                },
                TimeSpan.FromSeconds(60));
            var stillDisabled = (await ClusterNode.StatusAsync(firstUrl)).GetProperty("adapters").EnumerateArray().Concat((await ClusterNode.StatusAsync(secondUrl)).GetProperty("adapters").EnumerateArray())
                .Single(x => x.GetProperty("name").GetString() == "probe-00").GetProperty("state").GetString();
            Assert.Equal("disabled", stillDisabled); // the second f1 was not applied

            // The journal: each of the file's commands once as applied, in the cluster's stream; h1 in the first's.
            var folder = Path.Combine(_scratch.Path, "second");
            var (code, stdout, stderr) = await LoopProcess.RunAsync(folder, "journal", "export", "--spec", "spec.yaml", "--out", "audit.jsonl");
            Assert.True(code == 0, stdout + stderr);
            var lines = File.ReadAllLines(Path.Combine(folder, "audit.jsonl")).Select(static l => JsonDocument.Parse(l).RootElement).Where(static l => l.TryGetProperty("id", out _)).ToList();
            foreach (var id in new[] { "f1", "f2", "f3" })
            {
                var applied = Assert.Single(lines, l => l.GetProperty("id").GetString() == id && l.GetProperty("applied").GetBoolean());
                Assert.Equal("cluster", applied.GetProperty("node").GetString());
            }

            Assert.Equal($"127.0.0.1:{ports[0]}", Assert.Single(lines, static l => l.GetProperty("id").GetString() == "h1").GetProperty("node").GetString());
        }
        finally
        {
            first.Dispose();
        }
    }

    [Fact]
    public async Task WholeClusterRestarted_ADisabledAdapterComesBackDisabled_NeverRunning_TheAdapterSetAsOperatorsLeftIt()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        var port = FreePort.Distinct(1)[0];
        var events = Path.Combine(_scratch.Path, "only", "logs", "events.jsonl");
        using (var node = StartNode("only", port, port, database.ConnectionString))
        {
            var url = await node.EndpointAsync();
            await Eventually.AssertAsync(async () => Assert.Equal(Names, ClusterNode.Adapters(await ClusterNode.StatusAsync(url)).Order()), TimeSpan.FromSeconds(60));
            Assert.Contains("\"ok\":true", await BusAsync(url, """{"id":"off-3","cmd":"disable_adapter","args":{"name":"probe-03"}}""" + "\n"), StringComparison.Ordinal);
            Assert.Contains("\"ok\":true", await BusAsync(url, """{"id":"rm-4","cmd":"remove_adapter","args":{"name":"probe-04"}}""" + "\n"), StringComparison.Ordinal);
            Assert.Contains("\"ok\":true", await BusAsync(url, """{"id":"add-x","cmd":"add_adapter","args":{"name":"extra","kind":"synthetic"}}""" + "\n"), StringComparison.Ordinal);
            var twice = JsonDocument.Parse(await BusAsync(url, """{"id":"add-5","cmd":"add_adapter","args":{"name":"probe-05","kind":"synthetic"}}""" + "\n")).RootElement;
            Assert.Equal("invalid_args", twice.GetProperty("error").GetProperty("code").GetString()); // a name the cluster runs, as one engine
            await Task.Delay(1000); // the relay has the cluster's ledger keep it within milliseconds
            node.Signal("TERM");
            Assert.Equal(0, await node.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        // The cluster starts again (its one node): the node's loop starts empty and the cluster homes the adapters,
        // each as the cluster's ledger kept it: the spec's less the removed one, and the added one, with its spec.
        var before = File.ReadLines(events).Count();
        using var again = StartNode("only", port, port, database.ConnectionString);
        var againUrl = await again.EndpointAsync();
        var states = await Eventually.ValueAsync(
            async () =>
            {
                var adapters = (await ClusterNode.StatusAsync(againUrl)).GetProperty("adapters").EnumerateArray()
                    .ToDictionary(static a => a.GetProperty("name").GetString()!, static a => a.GetProperty("state").GetString()!);
                Assert.Equal(Names.Where(static n => n != "probe-04").Append("extra").Order(), adapters.Keys.Order());
                Assert.DoesNotContain("starting", adapters.Values); // an adapter is "starting" until its first tick settles it
                return adapters;
            },
            TimeSpan.FromSeconds(60));

        Assert.Equal("disabled", states["probe-03"]);
        Assert.All(states.Where(static s => s.Key != "probe-03"), static s => Assert.Equal("running", s.Value));
        var itsEvents = File.ReadLines(events).Skip(before)
            .Select(static l => JsonDocument.Parse(l).RootElement)
            .Where(static e => e.TryGetProperty("adapter", out var a) && a.GetString() == "probe-03")
            .Select(static e => $"{e.GetProperty("event").GetString()} {e.GetProperty("state").GetString()}")
            .ToList();
        Assert.Equal(["added disabled"], itsEvents); // added disabled, never running on the way
        Assert.DoesNotContain(File.ReadLines(events).Skip(before), static l => l.Contains("\"adapter\":\"probe-04\"", StringComparison.Ordinal)); // never back, not even for a moment
    }

    [Fact]
    public async Task ClusterPortInUse_OneLineAndExit2()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        using var node = StartNode("busy", port, port, database.ConnectionString);

        var code = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, code);
        Assert.Contains($"cluster: cannot listen on 127.0.0.1:{port} for the other nodes (the port is in use, or 127.0.0.1 is not an address of this machine); stop what uses it or set another cluster.port / cluster.hostname", node.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", node.Stderr, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task ClusterWithSqlite_RefusedInOneLine()
    {
        var spec = Path.Combine(_scratch.Path, "cluster.yaml");
        await File.WriteAllTextAsync(spec, "cluster: { port: 4053, seed_nodes: [\"127.0.0.1:4053\"] }\nadapters: [ { name: a, kind: synthetic } ]\n");

        var (code, stdout, stderr) = await LoopProcess.RunAsync(_scratch.Path, "spec", "check", spec);

        Assert.NotEqual(0, code);
        Assert.Contains("cluster: the nodes of a cluster share one journal, and a sqlite file belongs to one machine: set storage.provider: postgres", stdout + stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Dispose();

    private static async Task<string> BusAsync(string url, string lines)
    {
        using var response = await Http.PostAsync(url + "/bus", BusContent.Of(lines));
        return await response.Content.ReadAsStringAsync();
    }

    private LoopProcess StartNode(string name, int port, int seedPort, string connection) =>
        ClusterNode.Start(_scratch.Path, name, port, seedPort, connection, string.Join('\n', Names.Select(static n => $"  - {{ name: {n}, kind: synthetic }}")));
}
