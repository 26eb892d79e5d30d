using BenchmarkDotNet.Attributes;
using Akka.Actor;
using Loop.Benchmarks.Floor;

namespace Loop.Benchmarks;

/// <summary>
/// A parent tells each of N children one message and completes the round when every child replied:
/// the shape of one loop tick (Tick to every adapter, aggregate the results). Time is per round.
/// </summary>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    private static readonly object Tick = new();
    private ActorSystem _system = null!;
    private IActorRef _parent = null!;
    private FloorActor _floorParent = null!;
    private FloorActor[] _floorChildren = [];
    private int _floorPending;
    private TaskCompletionSource _floorDone = null!;

    [Params(1_000, 10_000)]
    public int Children { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        _parent = _system.ActorOf(Props.Create(() => new FanOutParent(Children)), "parent");
        _parent.Ask<bool>(FanOutParent.Ready.Instance, TimeSpan.FromMinutes(1)).Wait();
        _floorParent = new FloorActor((_, _) =>
        {
            if (--_floorPending == 0)
            {
                _floorDone.SetResult();
            }
        });
        _floorChildren = Enumerable.Range(0, Children).Select(_ => new FloorActor((m, self) => _floorParent.Post(m, self))).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark]
    public Task Loop_FanOutRound() => _parent.Ask<bool>(Tick, TimeSpan.FromMinutes(1));

    [Benchmark(Baseline = true)]
    public Task Floor_FanOutRound()
    {
        _floorDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _floorPending = Children;
        foreach (var child in _floorChildren)
        {
            child.Post(Tick, _floorParent);
        }

        return _floorDone.Task;
    }
}
