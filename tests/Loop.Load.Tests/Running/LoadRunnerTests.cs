using Loop.Load.Running;
using Loop.Load.Scenarios;
using Loop.Load.Simulations;
using Loop.Load.Tests.Support;

namespace Loop.Load.Tests.Running;

[Collection(AloneCollection.Name)]
public sealed class LoadRunnerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task RunAsync_InjectAtConstantRate_TargetSeesTheRateWithinTwoPercent()
    {
        await using var target = await TargetServer.StartAsync();

        // warmed up first, as a real run would be: a cold process spends its first second compiling the HTTP stack
        var result = await Runs.GetAsync(target.Url("/ok"), 50, Second, LoadSimulation.Inject(200, Second, TimeSpan.FromSeconds(5)));

        Assert.Equal(1000, result.Whole.Ok);
        var arrivals = target.ArrivalSeconds.Skip(200).ToList(); // the counted calls, after the warm-up's 200
        var rate = (arrivals.Count - 1) / (arrivals[^1] - arrivals[0]);
        Assert.InRange(rate, 196, 204);
        Assert.InRange(result.Whole.Rps, 196, 204);
    }

    [Fact]
    public async Task RunAsync_TargetSlowForOneCallInTen_ShowsAtP95AndP99NotP50()
    {
        await using var target = await TargetServer.StartAsync();

        var result = await Runs.GetAsync(target.Url("/slow"), 100, LoadSimulation.Inject(100, Second, TimeSpan.FromSeconds(3)));

        var w = result.Whole;
        var figures = $"ok {w.Ok}, fail {w.Fail} ({string.Join(", ", w.StatusCodes)}), p50 {w.P50Ms} p95 {w.P95Ms} p99 {w.P99Ms} max {w.MaxMs} ms";
        Assert.True(w.Ok == 300, figures);
        Assert.True(w.P50Ms < 100, figures);
        // the target sleeps with Task.Delay(300), which a timer may end a millisecond early (a CI run read p95 299.0 ms)
        Assert.True(w.P95Ms >= 290, figures);
        Assert.True(w.P99Ms >= 290, figures);
        Assert.True(w.MaxMs < 1000, figures);
    }

    [Fact]
    public async Task RunAsync_TargetStallsOneSecondWithFewConnections_StallIsInThePercentiles()
    {
        // 10 connections at 100 calls/s: during the stall the 10 connections hang and the next ~90 calls cannot
        // even start. Measured from when they started, those 90 would look fast and p95 would stay small;
        // measured from when they were due, a fifth of the run waited 0-1 s, and p95 shows it.
        await using var target = await TargetServer.StartAsync();

        var result = await Runs.GetAsync(target.Url("/stall"), 10, LoadSimulation.Inject(100, Second, TimeSpan.FromSeconds(4)));

        Assert.Equal(400, result.Whole.Ok);
        Assert.True(target.MaxConcurrent <= 10, $"the target saw {target.MaxConcurrent} calls at once");
        Assert.True(result.Whole.P50Ms < 100, $"p50 {result.Whole.P50Ms} ms");
        Assert.True(result.Whole.P95Ms >= 500, $"p95 {result.Whole.P95Ms} ms: the stall is missing from the percentiles");
    }

    [Fact]
    public async Task RunAsync_KeepConstant_NeverMoreCallsAtOnceThanCopies()
    {
        await using var target = await TargetServer.StartAsync();

        var result = await Runs.GetAsync(target.Url("/sleep?ms=50"), 100, LoadSimulation.KeepConstant(4, TimeSpan.FromSeconds(2)));

        Assert.Equal(4, target.MaxConcurrent);
        Assert.InRange(result.Whole.Rps, 40, 80); // 4 copies x 1 call per ~50-60 ms
        Assert.Equal(0, result.Whole.Fail);
    }

    [Fact]
    public async Task RunAsync_RampingInjectFromZero_CallsFollowTheRamp()
    {
        await using var target = await TargetServer.StartAsync();

        var result = await Runs.GetAsync(target.Url("/ok"), 50, LoadSimulation.RampingInject(200, Second, TimeSpan.FromSeconds(2)));

        Assert.True(result.Whole.Ok == 200, string.Join(", ", result.Whole.StatusCodes)); // the ramp's area: 200/s x 2 s / 2
        var arrivals = target.ArrivalSeconds;
        var firstHalf = arrivals.Count(static s => s < 1);
        Assert.InRange(firstHalf, 40, 60); // a quarter of the area lies in the first half of a linear ramp
    }

    [Fact]
    public async Task RunAsync_WarmUp_IsRunButNotCounted()
    {
        await using var target = await TargetServer.StartAsync();
        using var client = Loop.Load.Http.HttpScenario.Client(20);
        var scenario = Scenario.Create("warm", ctx => Loop.Load.Http.HttpScenario.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, target.Url("/ok")), TimeSpan.FromSeconds(5), ctx.CancellationToken))
            .WithWarmUpDuration(Second)
            .WithLoadSimulations(LoadSimulation.Inject(50, Second, Second));

        var result = await LoadRunner.RegisterScenarios(scenario).RunAsync();

        Assert.Equal(100, target.Count);
        Assert.Equal(50, result.Scenarios[0].Whole.Requests);
    }

    [Fact]
    public async Task RunAsync_StepsAndExceptions_EachStepHasItsRowAndAThrowIsAFailure()
    {
        var scenario = Scenario.Create("steps", async ctx =>
        {
            await Step.Run("first", ctx, () => Task.FromResult(Response.Ok("200", 10)));
            return await Step.Run("second", ctx, () => ctx.InvocationNumber % 2 == 0 ? throw new InvalidOperationException("boom") : Task.FromResult(Response.Ok("200", 5)));
        }).WithLoadSimulations(LoadSimulation.Inject(20, Second, Second));

        var result = (await LoadRunner.RegisterScenarios(scenario).RunAsync()).Scenarios[0];

        Assert.Equal(["(all)", "first", "second"], result.Rows.Select(static r => r.Step));
        Assert.Equal(20, result.Steps[0].Ok);
        Assert.Equal(10, result.Steps[1].Fail);
        Assert.Equal(10, result.Whole.Fail);
        Assert.Equal(10, result.Whole.StatusCodes["exception"]);
        Assert.Equal((20 * 10) + (10 * 5), result.Steps.Sum(static s => s.Bytes));
    }

    [Fact]
    public void RegisterScenarios_RepeatedNameOrNoLoad_SaysWhich()
    {
        var a = Scenario.Create("a", _ => Task.FromResult(Response.Ok())).WithLoadSimulations(LoadSimulation.Pause(Second));

        var repeated = Assert.Throws<ArgumentException>(() => LoadRunner.RegisterScenarios(a, a));
        var idle = Assert.Throws<ArgumentException>(() => LoadRunner.RegisterScenarios(Scenario.Create("idle", _ => Task.FromResult(Response.Ok()))));

        Assert.Contains("'a'", repeated.Message, StringComparison.Ordinal);
        Assert.Contains("'idle'", idle.Message, StringComparison.Ordinal);
    }
}
