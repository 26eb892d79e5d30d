using System.Diagnostics;
using Loop.Load.Running;
using Loop.Load.Scenarios;
using Loop.Load.Simulations;
using Loop.Load.Stats;

namespace Loop.Load.Tests.Running;

public sealed class InvocationTests
{
    [Fact]
    public async Task RunAsync_StartedLateAgainstItsDueTime_LatencyCountsFromTheDueTime()
    {
        // a call that could only start 400 ms after it was due (a busy machine, no free connection) took 400 ms
        // as far as its user is concerned, however fast the target then answered
        var scenario = Scenario.Create("late", _ => Task.FromResult(Response.Ok())).WithLoadSimulations(LoadSimulation.Pause(TimeSpan.FromSeconds(1)));
        var stats = new ScenarioStats("late");
        var due = Stopwatch.GetTimestamp() - (Stopwatch.Frequency * 4 / 10);

        await new Invocation(scenario, stats, 0, due, CancellationToken.None).RunAsync();

        stats.SampleNow();
        Assert.Equal(1, stats.Whole.OkTotal.TotalCount);
        Assert.InRange(stats.Whole.OkTotal.GetValueAtPercentile(100) / 1000.0, 400, 2_000);
    }

    [Fact]
    public async Task New_QueuedButNotRun_AlreadyInFlightSoADrainWaitsForIt()
    {
        // a call queued to the thread pool and not yet started must hold the run's drain, or it records after the report is read
        var scenario = Scenario.Create("queued", _ => Task.FromResult(Response.Ok())).WithLoadSimulations(LoadSimulation.Pause(TimeSpan.FromSeconds(1)));
        var stats = new ScenarioStats("queued");

        var invocation = new Invocation(scenario, stats, 0, Stopwatch.GetTimestamp(), CancellationToken.None);

        Assert.Equal(1, Interlocked.Read(ref stats.InFlight));
        await invocation.RunAsync();
        Assert.Equal(0, Interlocked.Read(ref stats.InFlight));
    }
}
