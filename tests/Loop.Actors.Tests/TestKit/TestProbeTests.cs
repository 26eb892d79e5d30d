using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.TestKit;

public sealed class TestProbeTests : ActorTest
{
    [Fact]
    public async Task ExpectMsg_NothingArrives_FailsAfterTimeout()
    {
        var probe = CreateProbe();

        var error = await Assert.ThrowsAsync<TestKitAssertionException>(() => probe.ExpectMsgAsync<string>(timeout: TimeSpan.FromMilliseconds(50)));

        Assert.Contains("Timeout (50 ms) while waiting for a message of type String", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpectMsg_WrongType_Fails()
    {
        var probe = CreateProbe();
        probe.Tell(42, ActorRefs.NoSender);

        await Assert.ThrowsAsync<TestKitAssertionException>(() => probe.ExpectMsgAsync<string>());
    }

    [Fact]
    public async Task ExpectNoMsg_MessageArrives_Fails()
    {
        var probe = CreateProbe();
        probe.Tell("surprise", ActorRefs.NoSender);

        // A long window costs nothing here (it ends when the message comes) and survives a busy machine.
        await Assert.ThrowsAsync<TestKitAssertionException>(() => probe.ExpectNoMsgAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task FishForMessage_SkipsUntilMatch()
    {
        var probe = CreateProbe();
        foreach (var m in new object[] { 1, "two", 3.0, "four" })
        {
            probe.Tell(m, ActorRefs.NoSender);
        }

        Assert.Equal("four", await probe.FishForMessageAsync(m => m is "four"));
        await probe.ExpectNoMsgAsync(Short);
    }

    [Fact]
    public async Task Within_BlockTooSlow_Fails()
    {
        var probe = CreateProbe();

        await Assert.ThrowsAsync<TestKitAssertionException>(() =>
            probe.WithinAsync(TimeSpan.FromMilliseconds(50), () => Task.Delay(TestKitSettings.Dilated(TimeSpan.FromMilliseconds(300)))));
    }

    [Fact]
    public async Task Within_InnerExpectation_UsesRemainingTime()
    {
        var probe = CreateProbe();
        var started = global::System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAsync<TestKitAssertionException>(() =>
            probe.WithinAsync(TimeSpan.FromMilliseconds(200), () => probe.ExpectMsgAsync<string>()));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), "ExpectMsg waited its 3 s default instead of the 200 ms left");
    }

    [Fact]
    public async Task AwaitAssert_ConditionBecomesTrue_Passes_NeverTrue_Fails()
    {
        var flag = 0;
        _ = Task.Delay(50).ContinueWith(_ => Volatile.Write(ref flag, 1), TaskScheduler.Default);

        await TestProbe.AwaitAssertAsync(() => Assert.Equal(1, Volatile.Read(ref flag)));
        await Assert.ThrowsAnyAsync<Exception>(() => TestProbe.AwaitAssertAsync(() => Assert.Equal(2, Volatile.Read(ref flag)), TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void ManualTimeProvider_Advance_FiresTimersInDueOrderAfterMoving()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        var fired = new List<(string Name, TimeSpan At)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var periodic = clock.CreateTimer(_ => fired.Add(("periodic", clock.GetUtcNow() - start)), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));

        clock.Advance(TimeSpan.FromSeconds(1.2));

        Assert.Equal(["periodic", "early", "periodic"], fired.Select(f => f.Name));
        Assert.All(fired, f => Assert.Equal(TimeSpan.FromSeconds(1.2), f.At));
        Assert.Equal(TimeSpan.FromSeconds(1.2).Ticks, clock.GetTimestamp() - start.UtcTicks);
    }
}
