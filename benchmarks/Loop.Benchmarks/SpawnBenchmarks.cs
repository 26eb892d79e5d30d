using BenchmarkDotNet.Attributes;
using Akka.Actor;

namespace Loop.Benchmarks;

/// <summary>
/// Spawns 10,000 actors under one parent and waits until every one has run PreStart (not merely
/// until ActorOf returned): what starting 10,000 adapters costs. Allocated bytes per op / 10,000 =
/// bytes allocated per actor.
/// </summary>
[MemoryDiagnoser]
public class SpawnBenchmarks
{
    private const int Actors = 10_000;
    private ActorSystem _system = null!;
    private IActorRef _parent = null!;

    [GlobalSetup]
    public void Setup() => _system = ActorSystem.Create("bench");

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [IterationCleanup]
    public void StopChildren()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _parent.Tell(new SpawnParent.StopAll(stopped), ActorRefs.NoSender);
        stopped.Task.Wait();
    }

    [IterationSetup]
    public void CreateParent() => _parent = _system.ActorOf(Props.Create(() => new SpawnParent()));

    [Benchmark]
    public Task Spawn10000_UntilAllStarted()
    {
        var started = new StartCounter(Actors);
        _parent.Tell(new SpawnParent.Spawn(Actors, started), ActorRefs.NoSender);
        return started.Task;
    }
}
