using Loop.Actors.Loop;

namespace Loop.Engine.Hosting;

/// <summary>
/// A node's share of the cluster-wide view: it folds this node's ticks (<see cref="TickCompleted"/>) and every
/// <see cref="ReportEvery"/> sends their figures (<see cref="NodeLoad"/>) to the cluster's bus, which answers with every
/// node's latest (<see cref="ClusterLoad"/>); /status on this node shows that, without asking anyone when it is read.
/// </summary>
internal sealed class NodeLoadReporter : ReceiveActor, IWithTimers
{
    /// <summary>How often a node reports, and so how old the cluster-wide view may be.</summary>
    public static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(5);

    /// <summary>The most ticks one report keeps (a 1 ms tick for 5 s); beyond, the rest of the window is not counted.</summary>
    private const int MaxTicks = 5_000;
    private readonly string _node;
    private readonly IActorRef _clusterBus;
    private readonly Action<ClusterLoad> _seen;
    private readonly List<double> _latencies = [];
    private long _ran;
    private int _adapters;

    /// <param name="node">This node, host:port.</param>
    /// <param name="clusterBus">The proxy to the cluster's bus.</param>
    /// <param name="seen">Keeps the cluster's view for /status (called on this actor's thread).</param>
    public NodeLoadReporter(string node, IActorRef clusterBus, Action<ClusterLoad> seen)
    {
        _node = node;
        _clusterBus = clusterBus;
        _seen = seen;
        Receive<TickCompleted>(OnTick);
        Receive<Report>(_ => SendReport());
        Receive<ClusterLoad>(load => _seen(load));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    protected override void PreStart() => Timers.StartPeriodicTimer(nameof(Report), Report.Instance, ReportEvery);

    /// <summary>The figures of a window of ticks.</summary>
    internal static NodeLoad Summarize(string node, int adapters, long ran, List<double> latencies)
    {
        if (latencies.Count == 0)
        {
            return new NodeLoad(node, adapters, 0, 0, 0, 0);
        }

        latencies.Sort();
        var p99 = latencies[Math.Max(0, (int)Math.Ceiling(latencies.Count * 0.99) - 1)];
        return new NodeLoad(node, adapters, (double)ran / latencies.Count, latencies.Average(), p99, latencies.Count);
    }

    private void OnTick(TickCompleted tick)
    {
        _adapters = tick.Adapters;
        if (_latencies.Count < MaxTicks)
        {
            _latencies.Add(tick.LatencyMs);
            _ran += tick.AdaptersRan;
        }
    }

    private void SendReport()
    {
        _clusterBus.Tell(Summarize(_node, _adapters, _ran, _latencies), Self);
        _latencies.Clear();
        _ran = 0;
    }

    private sealed class Report
    {
        public static readonly Report Instance = new();
    }
}
