using System.Diagnostics;
using System.Text.Json;
using Loop.Engine.Tests.Support;
using Xunit.Abstractions;

namespace Loop.Engine.Tests.Integration;

/// <summary>
/// Issue 19: two real engine processes as one Akka cluster on one PostgreSQL journal. Each adapter runs on exactly
/// one node; SIGTERM on one node hands its adapters to the other; /status and /metrics say which node is which.
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
    }

    [Fact]
    public async Task ThreeNodes_OneKilledHard_ItsAdaptersRehomedOnTheOthers_NeverOnTwo()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        await using var target = await ProbeTargetServer.StartAsync();
        var counted = target.BaseUrl + "/counted";
        var ports = FreePort.Distinct(3);
        using var first = StartNode("first", ports[0], ports[0], database.ConnectionString, counted);
        var urls = new List<string> { await first.EndpointAsync() };
        using var second = StartNode("second", ports[1], ports[0], database.ConnectionString, counted);
        urls.Add(await second.EndpointAsync());
        using var third = StartNode("third", ports[2], ports[0], database.ConnectionString, counted);
        urls.Add(await third.EndpointAsync());
        var all = Names.Append("counted").Order().ToList();
        var homes = await Eventually.ValueAsync(
            async () =>
            {
                var statuses = await Task.WhenAll(urls.Select(ClusterNode.StatusAsync));
                Assert.All(statuses, s => Assert.Equal(3, ClusterNode.Members(s).Count(m => m.Status == "up")));
                var byNode = statuses.Select(ClusterNode.Adapters).ToList();
                Assert.Equal(all, byNode.SelectMany(static a => a).Order());
                Assert.All(byNode, Assert.NotEmpty);
                return byNode;
            },
            TimeSpan.FromSeconds(90));

        // One node probes "counted", once a tick: 10 s of 200 ms ticks is 50 requests, where three nodes would send 150.
        var probesBefore = await CountedOver(target, TimeSpan.FromSeconds(10));
        Assert.InRange(probesBefore, 40, 60);

        // kill -9 the third: no leaving, no handover; the survivors must notice, down it and take its adapters.
        var killed = Stopwatch.StartNew();
        third.Signal("KILL");
        var overlaps = new List<string>();
        var rehomed = await Eventually.ValueAsync(
            async () =>
            {
                var (a, b) = (ClusterNode.Adapters(await ClusterNode.StatusAsync(urls[0])), ClusterNode.Adapters(await ClusterNode.StatusAsync(urls[1])));
                overlaps.AddRange(a.Intersect(b));
                Assert.Equal(all, a.Concat(b).Order());
                return killed.Elapsed;
            },
            TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(100));

        output.WriteLine($"kill -9: the dead node's {homes[2].Count} adapters all probing again on the others {rehomed.TotalSeconds:0.0} s after the kill; /counted {probesBefore} requests in 10 s before it");
        Assert.Empty(overlaps);
        Assert.True(rehomed < TimeSpan.FromSeconds(30), $"re-homed {rehomed.TotalSeconds:0.0} s after the kill");

        // And still one node probing it after the move, whichever it is now.
        var probesAfter = await CountedOver(target, TimeSpan.FromSeconds(10));
        output.WriteLine($"/counted {probesAfter} requests in 10 s after it");
        Assert.InRange(probesAfter, 40, 60);
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

    /// <summary>The requests /counted answered over <paramref name="window"/>.</summary>
    private static async Task<long> CountedOver(ProbeTargetServer target, TimeSpan window)
    {
        var before = target.Counted;
        await Task.Delay(window);
        return target.Counted - before;
    }

    private LoopProcess StartNode(string name, int port, int seedPort, string connection, string? countedUrl = null)
    {
        var adapters = string.Join('\n', Names.Select(static n => $"  - {{ name: {n}, kind: synthetic }}"));
        if (countedUrl is not null)
        {
            adapters += $"\n  - {{ name: counted, kind: http, url: \"{countedUrl}\" }}"; // every node's spec has it; one node may run it
        }

        return ClusterNode.Start(_scratch.Path, name, port, seedPort, connection, adapters);
    }
}
