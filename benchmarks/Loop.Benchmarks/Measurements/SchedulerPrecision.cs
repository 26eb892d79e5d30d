using System.Diagnostics;
using Akka.Actor;

namespace Loop.Benchmarks.Measurements;

/// <summary>
/// How late a 200 ms fixed-rate schedule fires, seen by the receiving actor (scheduler + mailbox
/// dispatch), side by side in one run: Akka's default scheduler, the engine's precise one plugged into
/// Akka, and a bare PeriodicTimer; lateness = arrival - due, where due = start + n * interval.
/// Negative lateness would mean early.
/// </summary>
public static class SchedulerPrecision
{
    public static void Run(int firings, TimeSpan interval)
    {
        var periodic = Task.Run(() => MeasurePeriodicTimer(firings, interval));
        var akka = Task.Run(() => Measure("Akka's default scheduler", ActorSystem.Create("default"), firings, interval));
        var precise = Task.Run(() => Measure("precise scheduler", ActorSystem.Create("precise", Loop.Actors.LoopActorsConfig.Default), firings, interval));
        foreach (var line in akka.Result.Concat(precise.Result))
        {
            Console.WriteLine(line);
        }

        Console.WriteLine($"PeriodicTimer (lateness at the awaiting task): {Percentiles.Summary(periodic.Result, " ms")}");
    }

    private static List<string> Measure(string name, ActorSystem system, int firings, TimeSpan interval)
    {
        var arrivals = new long[firings];
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorder = system.ActorOf(Props.Create(() => new ArrivalRecorder(arrivals, done)));

        var fired = new TimestampRef(firings);

        // Warm up: JIT of the scheduling path must not be counted as lateness of the first schedule.
        var warm = new TimestampRef(3);
        system.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(5), warm, ArrivalRecorder.Tick, ActorRefs.NoSender).Cancel();
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(5), warm, ArrivalRecorder.Tick, ActorRefs.NoSender);
        system.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(5), recorder, new object(), ActorRefs.NoSender);
        Thread.Sleep(100);
        Array.Clear(arrivals);

        var start = Stopwatch.GetTimestamp();
        var handle = system.Scheduler.ScheduleTellRepeatedlyCancelable(interval, interval, recorder, ArrivalRecorder.Tick, ActorRefs.NoSender);
        var directStart = Stopwatch.GetTimestamp();
        var direct = system.Scheduler.ScheduleTellRepeatedlyCancelable(interval, interval, fired, ArrivalRecorder.Tick, ActorRefs.NoSender);
        done.Task.Wait();
        handle.Cancel();
        direct.Cancel();

        system.Terminate().Wait();
        return
        [
            $"{name}, at the receiving actor:  {Percentiles.Summary(Lateness(arrivals, start, interval), " ms")}",
            $"{name}, at the moment it fires:  {Percentiles.Summary(Lateness(fired.Times, directStart, interval), " ms")}",
        ];
    }

    private static List<double> Lateness(long[] times, long start, TimeSpan interval)
    {
        var lateness = new List<double>(times.Length);
        for (var n = 0; n < times.Length && times[n] != 0; n++)
        {
            var due = start + ((n + 1) * (long)(interval.TotalSeconds * Stopwatch.Frequency));
            lateness.Add((times[n] - due) * 1000.0 / Stopwatch.Frequency);
        }

        return lateness;
    }

    private static async Task<List<double>> MeasurePeriodicTimer(int firings, TimeSpan interval)
    {
        var lateness = new List<double>(firings);
        using var timer = new PeriodicTimer(interval);
        var start = Stopwatch.GetTimestamp(); // after making the timer: the actor systems start beside it

        for (var n = 1; n <= firings && await timer.WaitForNextTickAsync().ConfigureAwait(false); n++)
        {
            var due = start + (n * (long)(interval.TotalSeconds * Stopwatch.Frequency));
            lateness.Add((Stopwatch.GetTimestamp() - due) * 1000.0 / Stopwatch.Frequency);
        }

        return lateness;
    }

    /// <summary>A receiver that records the time of Tell itself, on the scheduler's thread: no dispatch.</summary>
    private sealed class TimestampRef(int firings) : ICanTell
    {
        private int _count;

        public long[] Times { get; } = new long[firings];

        public void Tell(object message, IActorRef sender)
        {
            if (_count < Times.Length)
            {
                Times[_count++] = Stopwatch.GetTimestamp();
            }
        }
    }

    private sealed class ArrivalRecorder(long[] arrivals, TaskCompletionSource done) : ActorBase
    {
        public static readonly object Tick = new();
        private int _count;

        protected override bool Receive(object message)
        {
            if (ReferenceEquals(message, Tick) && _count < arrivals.Length)
            {
                arrivals[_count++] = Stopwatch.GetTimestamp();
                if (_count == arrivals.Length)
                {
                    done.SetResult();
                }
            }

            return true;
        }
    }
}
