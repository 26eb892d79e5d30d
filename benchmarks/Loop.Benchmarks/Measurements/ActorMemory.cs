using Akka.Actor;

namespace Loop.Benchmarks.Measurements;

/// <summary>
/// Heap retained per actor: live bytes after a full GC with 10,000 started actors, minus before,
/// divided by 10,000. Measured twice: idle (never sent anything, so no queue segment yet) and after
/// each actor processed one message (its queue segment allocated).
/// </summary>
public static class ActorMemory
{
    public static void Run()
    {
        const int actors = 10_000;
        var system = ActorSystem.Create("memory");
        var parent = system.ActorOf(Props.Create(() => new SpawnParent()));
        Warm(system);

        var before = LiveBytes();
        var started = new StartCounter(actors);
        parent.Tell(new SpawnParent.Spawn(actors, started), ActorRefs.NoSender);
        started.Task.Wait();
        var idle = LiveBytes();

        var children = GetChildren(parent);
        var touched = new StartCounter(children.Count);
        foreach (var child in children)
        {
            child.Tell(touched, ActorRefs.NoSender);
        }

        touched.Task.Wait();
        var afterMessage = LiveBytes();
        Console.WriteLine(FormattableString.Invariant(
            $"memory: {actors} actors; idle {(idle - before) / (double)actors:0} B/actor; after one message each {(afterMessage - before) / (double)actors:0} B/actor"));
        GC.KeepAlive(children);
        system.Terminate().Wait();
    }

    private static IReadOnlyCollection<IActorRef> GetChildren(IActorRef parent) =>
        parent.Ask<IReadOnlyCollection<IActorRef>>(new ChildrenQuery(), TimeSpan.FromMinutes(1)).Result;

    private static void Warm(ActorSystem system)
    {
        var warm = system.ActorOf(Props.Create(() => new SpawnParent()));
        var started = new StartCounter(100);
        warm.Tell(new SpawnParent.Spawn(100, started), ActorRefs.NoSender);
        started.Task.Wait();
    }

    private static long LiveBytes()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
