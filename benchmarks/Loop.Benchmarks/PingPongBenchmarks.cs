using BenchmarkDotNet.Attributes;
using Akka.Actor;
using Loop.Benchmarks.Floor;

namespace Loop.Benchmarks;

/// <summary>
/// Two actors pass one message back and forth (one message in flight): every hop is a mailbox
/// enqueue plus a thread-pool dispatch, the worst case for a mailbox. Time is per message.
/// </summary>
[MemoryDiagnoser]
public class PingPongBenchmarks
{
    private const int Messages = 200_000;
    private static readonly object Ball = new();
    private ActorSystem _system = null!;
    private IActorRef _pinger = null!;
    private FloorActor _floorPinger = null!;
    private FloorActor _floorPonger = null!;
    private int _floorRemaining;
    private TaskCompletionSource _floorDone = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        var ponger = _system.ActorOf(Props.Create(() => new Ponger()), "ponger");
        _pinger = _system.ActorOf(Props.Create(() => new Pinger(ponger)), "pinger");
        _floorPonger = new FloorActor((m, self) => self.LastSender!.Post(m, self));
        _floorPinger = new FloorActor((m, self) =>
        {
            if (--_floorRemaining == 0)
            {
                _floorDone.SetResult();
            }
            else
            {
                _floorPonger.Post(m, self);
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark(OperationsPerInvoke = Messages)]
    public Task Loop_PingPong() => _pinger.Ask<bool>(new Start(Messages / 2), TimeSpan.FromMinutes(1));

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public Task Floor_PingPong()
    {
        _floorDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _floorRemaining = Messages / 2;
        _floorPonger.Post(Ball, _floorPinger);
        return _floorDone.Task;
    }

    public sealed record Start(int RoundTrips);

    private sealed class Ponger : ReceiveActor
    {
        public Ponger() => ReceiveAny(m => Sender.Tell(m, Self));
    }

    private sealed class Pinger : ActorBase
    {
        private readonly IActorRef _ponger;
        private IActorRef _requester = ActorRefs.Nobody;
        private int _remaining;

        public Pinger(IActorRef ponger) => _ponger = ponger;

        protected override bool Receive(object message)
        {
            if (message is Start start)
            {
                _requester = Sender;
                _remaining = start.RoundTrips;
                _ponger.Tell(Ball, Self);
            }
            else if (--_remaining == 0)
            {
                _requester.Tell(true, Self);
            }
            else
            {
                _ponger.Tell(Ball, Self);
            }

            return true;
        }
    }
}
