using Xunit.Abstractions;
using System.Diagnostics;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Loop.Actors.Adapters;
using Loop.Actors.Cluster;
using Loop.Actors.Loop;
using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Cluster;

/// <summary>
/// Two nodes of a real Akka cluster (remoting on 127.0.0.1, in this process), each with its own loop: every adapter
/// runs in exactly one loop, and a node that leaves hands its adapters to the other.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class AdapterShardingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly string[] Names = [.. Enumerable.Range(0, 20).Select(static i => $"probe-{i:00}")];
    private readonly List<ActorSystem> _systems = [];
    private readonly Dictionary<ActorSystem, IActorRef> _routers = [];

    [Fact]
    public async Task TwoNodes_EachAdapterInExactlyOneLoop_BothLoopsHaveSome()
    {
        var (a, loopA) = await StartNode();
        var (_, loopB) = await StartNode(Akka.Cluster.Cluster.Get(a).SelfAddress);

        var (inA, inB) = await WaitFor(loopA, loopB, (x, y) => x.Count + y.Count == Names.Length && x.Count > 0 && y.Count > 0);

        Assert.Empty(inA.Intersect(inB));
        Assert.Equal(Names, inA.Concat(inB).Order());
    }

    [Fact]
    public async Task NodeLeaves_ItsAdaptersMoveToTheOther_NeverInBothLoops()
    {
        var (a, loopA) = await StartNode();
        var (b, loopB) = await StartNode(Akka.Cluster.Cluster.Get(a).SelfAddress);
        var (_, before) = await WaitFor(loopA, loopB, (x, y) => x.Count + y.Count == Names.Length && y.Count > 0);

        var leaving = Stopwatch.StartNew();
        var left = CoordinatedShutdown.Get(b).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        var overlaps = new List<string>();
        List<string> inA;
        do
        {
            inA = await Adapters(loopA);
            if (!b.WhenTerminated.IsCompleted)
            {
                overlaps.AddRange(inA.Intersect(await AdaptersOrNone(loopB)));
            }

            await Task.Delay(20);
        }
        while (inA.Count < Names.Length && leaving.Elapsed < Bound);

        await left;
        output.WriteLine($"all {inA.Count} adapters home on the remaining node {leaving.Elapsed.TotalMilliseconds:0} ms after the other began to leave");
        Assert.Equal(Names, inA.Order()); // all home on the node that stayed, within the bound
        Assert.Empty(overlaps); // and none ran in both loops on the way
        Assert.NotEmpty(before); // b had some to hand over
    }

    [Fact]
    public async Task NodeDies_ItsDisabledAndParkedAdaptersStartSoOnTheOther_FromTheLedger()
    {
        var (a, loopA) = await StartNode();
        var (b, loopB) = await StartNode(Akka.Cluster.Cluster.Get(a).SelfAddress);
        var (_, onB) = await WaitFor(loopA, loopB, (x, y) => x.Count + y.Count == Names.Length && y.Count >= 2);
        var (disabled, parked) = (onB[0], onB[1]);
        Assert.True((await loopB.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.DisableAdapter(disabled), Bound)).Ok);
        Assert.True((await loopB.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.InjectFault(parked, FaultMode.Crash, 1000), Bound)).Ok);
        await WaitForState(loopB, parked, AdapterState.Parked); // out of retries (2 quick restarts)
        await Task.Delay(1000); // the relay's batch is confirmed within milliseconds; a second is ample

        // b dies without leaving (Terminate runs no coordinated shutdown here: no handover, nothing carried), and is
        // downed, as the split-brain resolver would.
        var bAddress = Akka.Cluster.Cluster.Get(b).SelfAddress;
        await b.Terminate();
        Akka.Cluster.Cluster.Get(a).Down(bAddress);

        await WaitForState(loopA, disabled, AdapterState.Disabled);
        await WaitForState(loopA, parked, AdapterState.Parked);
        var status = await loopA.Ask<LoopSupervisor.LoopStatus>(LoopSupervisor.GetStatus.Instance, Bound);
        Assert.Equal(Names, status.Adapters.Keys.Order()); // and every other adapter of b is home on a, fresh
        Assert.All(status.Adapters.Where(s => s.Key != disabled && s.Key != parked), s => Assert.Equal(AdapterState.Running, s.Value.State));
    }

    [Fact]
    public async Task AddAndRemove_ThroughEitherNode_OneLoopEach_AndSoAfterANodeDies()
    {
        var (a, loopA) = await StartNode();
        var (b, loopB) = await StartNode(Akka.Cluster.Cluster.Get(a).SelfAddress);
        var (_, onB) = await WaitFor(loopA, loopB, (x, y) => x.Count + y.Count == Names.Length && y.Count >= 2);
        var (runningOnB, removed) = (onB[0], onB[1]);
        string[] extras = [.. Enumerable.Range(0, 6).Select(static i => $"extra-{i}")];

        // A name the cluster runs, on the other node, is refused as one engine refuses a name in use: never run twice.
        var twice = await _routers[a].Ask<LoopSupervisor.ControlReply>(Add(runningOnB), Bound);
        Assert.Equal("invalid_args", twice.ErrorCode);
        foreach (var extra in extras)
        {
            Assert.True((await _routers[a].Ask<LoopSupervisor.ControlReply>(Add(extra), Bound)).Ok, extra);
        }

        Assert.True((await _routers[a].Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.RemoveAdapter(removed), Bound)).Ok); // it runs on b
        string[] expected = [.. Names.Where(n => n != removed).Concat(extras).Order()];
        var (inA, inB) = await WaitFor(loopA, loopB, (x, y) => x.Count + y.Count == expected.Length);
        Assert.Empty(inA.Intersect(inB));
        Assert.Equal(expected, inA.Concat(inB).Order());
        Assert.NotEmpty(inB.Intersect(extras)); // some of the added ones are homed on b: they must survive its death
        await Task.Delay(1000); // the relay's batch is confirmed within milliseconds; a second is ample

        var bAddress = Akka.Cluster.Cluster.Get(b).SelfAddress;
        await b.Terminate();
        Akka.Cluster.Cluster.Get(a).Down(bAddress);

        // Every adapter of b is homed on a: the added ones with their specs, and the removed one stays out.
        var all = await WaitForOne(loopA, x => x.Count >= expected.Length);
        Assert.Equal(expected, all);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(expected, await Adapters(loopA));
    }

    [Fact]
    public async Task RemovedOnANodeThatLeaves_StaysOut()
    {
        var (a, loopA) = await StartNode();
        var (b, loopB) = await StartNode(Akka.Cluster.Cluster.Get(a).SelfAddress);
        var (_, onB) = await WaitFor(loopA, loopB, (x, y) => x.Count + y.Count == Names.Length && y.Count > 0);
        Assert.True((await _routers[b].Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.RemoveAdapter(onB[0]), Bound)).Ok);

        await CoordinatedShutdown.Get(b).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);

        string[] expected = [.. Names.Where(n => n != onB[0])];
        Assert.Equal(expected, await WaitForOne(loopA, x => x.Count >= expected.Length));
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // a handover that did not say removed would have added it by now
        Assert.Equal(expected, await Adapters(loopA));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var system in _systems)
        {
            await system.Terminate();
        }
    }

    private static AdapterDefinition Probe(string name) =>
        new(name, "scripted", () => new ScriptedAdapter(ScriptedAdapter.Always(AdapterOutcome.Ok)), TimeSpan.FromMilliseconds(150), new RestartPolicy
        {
            AfterFailures = 1,
            MinBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            MaxRetries = 2, // a failing adapter is parked within a second
        });

    /// <summary>add_adapter as the bus sends it: the definition, and the spec it was read from.</summary>
    private static LoopSupervisor.AddAdapter Add(string name) => new(Probe(name)) { Spec = $"{{\"name\":\"{name}\"}}" };

    /// <summary>A node's spec reader for an added adapter: the name is all these specs hold.</summary>
    private static AdapterDefinition Read(string spec) =>
        Probe(System.Text.Json.JsonDocument.Parse(spec).RootElement.GetProperty("name").GetString() ?? throw new FormatException("no name"));

    private static async Task<List<string>> WaitForOne(IActorRef loop, Func<List<string>, bool> done)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var adapters = await Adapters(loop);
            if (done(adapters) || waited.Elapsed > Bound)
            {
                return adapters;
            }

            await Task.Delay(50);
        }
    }

    private static async Task<List<string>> Adapters(IActorRef loop) =>
        [.. (await loop.Ask<LoopSupervisor.LoopStatus>(LoopSupervisor.GetStatus.Instance, TimeSpan.FromSeconds(5))).Adapters.Keys.Order()];

    private static async Task<List<string>> AdaptersOrNone(IActorRef loop)
    {
        try
        {
            return await Adapters(loop);
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            return []; // its system stopped while asked
        }
    }

    private static async Task WaitForState(IActorRef loop, string adapter, AdapterState state)
    {
        var waited = Stopwatch.StartNew();
        AdapterState? now = null;
        while (waited.Elapsed < Bound)
        {
            var status = await loop.Ask<LoopSupervisor.LoopStatus>(LoopSupervisor.GetStatus.Instance, Bound);
            now = status.Adapters.TryGetValue(adapter, out var its) ? its.State : null;
            if (now == state)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{adapter} is {now?.ToString() ?? "in no loop"}, not {state}, after {Bound.TotalSeconds} s");
    }

    private static async Task<(List<string> A, List<string> B)> WaitFor(IActorRef loopA, IActorRef loopB, Func<List<string>, List<string>, bool> done)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var (inA, inB) = (await Adapters(loopA), await Adapters(loopB));
            if (done(inA, inB) || waited.Elapsed > Bound)
            {
                return (inA, inB);
            }

            await Task.Delay(50);
        }
    }

    private async Task<(ActorSystem System, IActorRef Loop)> StartNode(Address? seed = null)
    {
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.cluster.downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            akka.cluster.split-brain-resolver.active-strategy = keep-majority
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            akka.coordinated-shutdown.exit-clr = off
            akka.coordinated-shutdown.run-by-actor-system-terminate = off
            """).WithFallback(LoopActorsConfig.Default);
        var system = ActorSystem.Create("loop", config);
        _systems.Add(system);
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(up.SetResult);
        cluster.Join(seed ?? cluster.SelfAddress);
        await up.Task.WaitAsync(Bound);

        var loop = system.ActorOf(LoopSupervisor.Props(new LoopOptions { TickInterval = TimeSpan.FromMilliseconds(200) }), "loop");
        system.ActorOf(ClusterSingletonManager.Props(Props.Create<LedgerKeeper>(), PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system)), "ledger");
        var ledger = system.ActorOf(ClusterSingletonProxy.Props("/user/ledger", ClusterSingletonProxySettings.Create(system)), "ledger-proxy");
        var region = AdapterSharding.Start(system, [.. Names.Select(Probe)], loop, ledger, Read);
        _routers[system] = system.ActorOf(ClusterCommandRouter.Props(loop, region, ledger), "bus-router");
        return (system, loop);
    }
}
