using System.Net;
using Loop.Actors.Adapters;
using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Adapters;

public sealed class AdapterTests() : ActorTest(realClock: true)
{
    [Theory]
    [InlineData(200, null, AdapterOutcome.Ok)]
    [InlineData(204, null, AdapterOutcome.Ok)]
    [InlineData(404, null, AdapterOutcome.Rejected)]
    [InlineData(400, null, AdapterOutcome.Rejected)]
    [InlineData(408, null, AdapterOutcome.Error)]
    [InlineData(429, null, AdapterOutcome.Error)]
    [InlineData(500, null, AdapterOutcome.Error)]
    [InlineData(503, null, AdapterOutcome.Error)]
    [InlineData(504, null, AdapterOutcome.Error)]
    [InlineData(301, null, AdapterOutcome.Error)]
    [InlineData(204, 200, AdapterOutcome.Error)]
    [InlineData(418, 418, AdapterOutcome.Ok)]
    public void Classify_Status_GivesOutcome(int status, int? expect, AdapterOutcome outcome)
    {
        Assert.Equal(outcome, HttpOutcomeClassifier.Classify((HttpStatusCode)status, expect).Outcome);
    }

    [Fact]
    public async Task Synthetic_SameSeed_SameSequence()
    {
        var options = new SyntheticAdapterOptions { FailureRate = 0.3, CrashRate = 0.05, Seed = 7 };

        var first = await Run(new SyntheticAdapter(options));
        var second = await Run(new SyntheticAdapter(options));
        var other = await Run(new SyntheticAdapter(options with { Seed = 8 }));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Contains("crash", first);
        Assert.Contains("error", first);
        Assert.Contains("ok", first);
    }

    [Fact]
    public async Task Synthetic_Latency_WaitsAndHonoursCancellation()
    {
        var adapter = new SyntheticAdapter(new SyntheticAdapterOptions { LatencyMean = TimeSpan.FromSeconds(30) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => adapter.CallAsync(1, cancel.Token));
    }

    [Fact]
    public async Task Command_ExitCodes_OkAndError()
    {
        var ok = await new CommandAdapter(new CommandAdapterOptions { Program = "true" }).CallAsync(1, CancellationToken.None);
        var failed = await new CommandAdapter(new CommandAdapterOptions { Program = "sh", Arguments = ["-c", "exit 3"] }).CallAsync(1, CancellationToken.None);
        var missing = await new CommandAdapter(new CommandAdapterOptions { Program = "/no/such/program" }).CallAsync(1, CancellationToken.None);

        Assert.Equal(AdapterOutcome.Ok, ok.Outcome);
        Assert.Equal(new AdapterCallResult(AdapterOutcome.Error, "exit 3"), failed);
        Assert.Equal(AdapterOutcome.Error, missing.Outcome);
        Assert.Contains("cannot start", missing.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_Timeout_KillsTheWholeProcessTree()
    {
        var marker = Path.Combine(Path.GetTempPath(), "loop-child-" + Guid.NewGuid().ToString("N"));
        var adapter = new CommandAdapter(new CommandAdapterOptions
        {
            Program = "sh",
            Arguments = ["-c", $"sleep 30 & echo $! > {marker}; wait"],
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => adapter.CallAsync(1, cancel.Token));

        var childPid = int.Parse((await File.ReadAllTextAsync(marker)).Trim(), global::System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(marker);
        await AwaitAssertAsync(() => Assert.False(Directory.Exists($"/proc/{childPid}"), $"the grandchild sleep {childPid} is still running"));
    }

    private static async Task<List<string>> Run(SyntheticAdapter adapter)
    {
        var outcomes = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                outcomes.Add(AdapterOutcomeNames.Of((await adapter.CallAsync(i, CancellationToken.None)).Outcome));
            }
            catch (SyntheticCrashException)
            {
                outcomes.Add("crash");
            }
        }

        return outcomes;
    }
}
