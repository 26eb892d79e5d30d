using Akka.Event;
using Loop.Actors.Loop;

namespace Loop.Actors.Cluster;

/// <summary>
/// Tells the cluster's ledger (<see cref="AdapterLedger"/>, on the singleton) each change to the state of the adapters
/// this node runs: disabled, parked, restarts (<see cref="AdapterStateChanged.Carry"/>), so a node that takes one over
/// after this node dies starts it as it was. One batch in flight at a time, holding every change since the last: a
/// burst (a node taking 1,000 adapters) costs a few messages, not one each. A batch the ledger did not confirm (it was
/// moving to another node) is merged into the next, its newer changes winning, and sent again.
/// </summary>
public sealed class AdapterCarryRelay : ReceiveActor, IWithTimers
{
    /// <summary>How long the ledger has to confirm a batch, unless told otherwise.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);

    /// <summary>The most changes in one message: a remote message has a frame to fit in.</summary>
    public const int MaxBatch = 500;

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private readonly IActorRef _ledger;
    private readonly string _node;
    private readonly TimeSpan _answerWithin;
    private readonly Dictionary<string, AdapterCarry> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AdapterCarry> _pending = new(StringComparer.Ordinal);
    private AdapterCarries? _inFlight;
    private long _sequence;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="ledger">The proxy to the singleton that keeps the ledger.</param>
    /// <param name="node">This node's unique address.</param>
    /// <param name="answerWithin">How long the ledger has to confirm a batch (<see cref="AnswerWithin"/>).</param>
    public AdapterCarryRelay(IActorRef ledger, string node, TimeSpan answerWithin)
    {
        _ledger = ledger;
        _node = node;
        _answerWithin = answerWithin;
        Receive<AdapterStateChanged>(OnChanged);
        Receive<CarriesKept>(kept =>
        {
            if (kept.Sequence == _inFlight?.Sequence)
            {
                _inFlight = null;
                SendNext();
            }
        });
        Receive<NotKept>(notKept =>
        {
            if (notKept.Sequence != _inFlight?.Sequence)
            {
                return;
            }

            foreach (var (adapter, carry) in _inFlight.Changes)
            {
                _pending.TryAdd(adapter, carry); // a change made since is newer
            }

            _inFlight = null;
            Context.GetLogger().Warning("the cluster's ledger did not confirm {0} adapter state changes within {1} s (is it moving to another node?); sending them again", notKept.Count, _answerWithin.TotalSeconds);
            Timers.StartSingleTimer(nameof(Retry), Retry.Instance, RetryAfter);
        });
        Receive<Retry>(_ => SendNext());
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Returns the props.</summary>
    /// <param name="ledger">The proxy to the singleton that keeps the ledger.</param>
    /// <param name="node">This node's unique address.</param>
    /// <param name="answerWithin">How long the ledger has to confirm a batch; <see cref="AnswerWithin"/> when null.</param>
    /// <returns>The props.</returns>
    public static Props Props(IActorRef ledger, string node, TimeSpan? answerWithin = null)
    {
        var within = answerWithin ?? AnswerWithin;
        return Akka.Actor.Props.Create(() => new AdapterCarryRelay(ledger, node, within));
    }

    /// <inheritdoc />
    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(AdapterStateChanged));

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void OnChanged(AdapterStateChanged e)
    {
        if (e.State == AdapterState.Removed && e.Reason == AdapterHome.MovedReason)
        {
            _known.Remove(e.Adapter); // moved: the node that runs it now speaks for it
            return;
        }

        // Removed by an operator (remove_adapter, on this node or routed here): the cluster keeps it out, at a node's
        // death and at the cluster's restart too, as one engine's journal keeps a removed adapter out.
        var carry = e.State == AdapterState.Removed ? AdapterCarry.RemovedByOperator : e.Carry ?? AdapterCarry.None;
        if (_known.GetValueOrDefault(e.Adapter, AdapterCarry.None) == carry)
        {
            return; // a backoff, a block, or an adapter added as the ledger already has it
        }

        _known[e.Adapter] = carry;
        _pending[e.Adapter] = carry;
        SendNext();
    }

    private void SendNext()
    {
        if (_inFlight is not null || _pending.Count == 0)
        {
            return;
        }

        var changes = _pending.Take(MaxBatch).ToDictionary(StringComparer.Ordinal);
        foreach (var adapter in changes.Keys)
        {
            _pending.Remove(adapter);
        }

        var batch = _inFlight = new AdapterCarries(_node, ++_sequence, changes);
        _ledger.Ask<CarriesKept>(batch, _answerWithin).PipeTo(Self, failure: _ => new NotKept(batch.Sequence, changes.Count));
    }

    private sealed record NotKept(long Sequence, int Count);

    private sealed class Retry
    {
        public static readonly Retry Instance = new();
    }
}
