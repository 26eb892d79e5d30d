using Loop.Actors.Adapters;

namespace Loop.Actors.Tests.Support;

/// <summary>An adapter whose every call runs a script; it reports each call (tick number) to a probe.</summary>
public sealed class ScriptedAdapter(Func<long, CancellationToken, Task<AdapterCallResult>> script, IActorRef? calls = null) : IAdapter
{
    public static Func<long, CancellationToken, Task<AdapterCallResult>> Always(AdapterOutcome outcome) =>
        (_, _) => Task.FromResult(new AdapterCallResult(outcome, outcome == AdapterOutcome.Ok ? null : "scripted"));

    public static Func<long, CancellationToken, Task<AdapterCallResult>> Hang =>
        async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return AdapterCallResult.Ok;
        };

    public Task<AdapterCallResult> CallAsync(long tick, CancellationToken cancellationToken)
    {
        // The script first: a script that waits on the test's clock has its timer before the test hears
        // of the call and moves the clock.
        var call = script(tick, cancellationToken);
        calls?.Tell(new Called(tick), ActorRefs.NoSender);
        return call;
    }

    /// <summary>A call that takes <paramref name="latency"/> on <paramref name="clock"/>, then times out (a slow target).</summary>
    public static Func<long, CancellationToken, Task<AdapterCallResult>> SlowOn(TimeProvider clock, TimeSpan latency) =>
        async (_, token) =>
        {
            await Task.Delay(latency, clock, token);
            return new AdapterCallResult(AdapterOutcome.Timeout, "slow");
        };

    public void Dispose()
    {
    }

    public sealed record Called(long Tick);
}
