using Loop.Actors.RAxis;

namespace Loop.Engine.Alerting;

/// <summary>
/// A node's side of the cluster's signal board: every R-Axis change on this node goes to the board (through its
/// singleton proxy, which holds messages while the board moves), and every <see cref="ReportEvery"/> all the scopes
/// this node holds above OK, so a board that just started, or a change lost on the way, is caught up.
/// </summary>
internal sealed class NodeSignalRelay : ReceiveActor, IWithTimers
{
    /// <summary>The period of the full report.</summary>
    public static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, RAxisSignal> _active = new(StringComparer.Ordinal);
    private readonly IActorRef _board;
    private readonly string _node;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="board">The board's singleton proxy.</param>
    /// <param name="node">This node, host:port.</param>
    public NodeSignalRelay(IActorRef board, string node)
    {
        _board = board;
        _node = node;
        Receive<RAxisSignal>(OnSignal);
        // Lists, not collection expressions: these cross to the board's node, and Akka's JSON serializer cannot build
        // the compiler's own read-only types back (the snapshot was dropped there, with a warning, every 5 s).
        Receive<Report>(_ => _board.Tell(new NodeSignals(_node, _active.Values.ToList()), Self));
        Receive<Stopping>(_ => _board.Forward(new NodeStopping(_node, _active.Values.ToList())));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(RAxisSignal));
        Timers.StartPeriodicTimer(nameof(Report), Report.Instance, ReportEvery);
    }

    private void OnSignal(RAxisSignal signal)
    {
        if (signal.Level > RAxisLevel.Ok)
        {
            _active[signal.Scope] = signal;
        }
        else
        {
            _active.Remove(signal.Scope);
        }

        _board.Tell(new NodeSignal(_node, signal), Self);
    }

    /// <summary>The engine stops cleanly: the relay tells the board, and the board's answer (<see cref="NodeStopping"/>) goes to the sender.</summary>
    public sealed class Stopping
    {
        public static readonly Stopping Instance = new();
    }

    private sealed class Report
    {
        public static readonly Report Instance = new();
    }
}
