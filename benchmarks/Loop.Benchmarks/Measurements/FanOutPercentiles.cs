using System.Diagnostics;
using Akka.Actor;
using Loop.Benchmarks.Floor;

namespace Loop.Benchmarks.Measurements;

/// <summary>
/// p50/p99 of one fan-out/fan-in round over 10,000 children (BenchmarkDotNet reports no p99),
/// for the runtime and the floor, rounds interleaved so both see the same machine.
/// </summary>
public static class FanOutPercentiles
{
    public static void Run(int children, int rounds)
    {
        var system = ActorSystem.Create("fanout");
        var parent = system.ActorOf(Props.Create(() => new FanOutParent(children)));
        parent.Ask<bool>(FanOutParent.Ready.Instance, TimeSpan.FromMinutes(1)).Wait();

        var pending = 0;
        TaskCompletionSource floorDone = new();
        var floorParent = new FloorActor((_, _) =>
        {
            if (--pending == 0)
            {
                floorDone.SetResult();
            }
        });
        var floorChildren = Enumerable.Range(0, children).Select(_ => new FloorActor((m, self) => floorParent.Post(m, self))).ToArray();
        var tick = new object();

        var loop = new List<double>(rounds);
        var floor = new List<double>(rounds);
        for (var r = 0; r < rounds + 20; r++)
        {
            var watch = Stopwatch.StartNew();
            parent.Ask<bool>(tick, TimeSpan.FromMinutes(1)).Wait();
            var loopMs = watch.Elapsed.TotalMilliseconds;

            floorDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            pending = children;
            watch.Restart();
            foreach (var child in floorChildren)
            {
                child.Post(tick, floorParent);
            }

            floorDone.Task.Wait();
            var floorMs = watch.Elapsed.TotalMilliseconds;
            if (r >= 20)
            {
                loop.Add(loopMs);
                floor.Add(floorMs);
            }
        }

        Console.WriteLine($"fan-out {children} runtime: {Percentiles.Summary(loop, " ms")}");
        Console.WriteLine($"fan-out {children} floor:   {Percentiles.Summary(floor, " ms")}");
        system.Terminate().Wait();
    }
}
