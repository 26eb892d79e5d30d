using Loop.Actors.Adapters;

namespace Loop.Actors.Loop;

/// <summary>The adapter actor's protocol.</summary>
public sealed partial class AdapterActor
{
    /// <summary>
    /// Asks an adapter to make its call for tick <paramref name="Tick"/>; the reply is an
    /// <see cref="AdapterResult"/> to the sender. One instance is shared by every adapter of a tick.
    /// </summary>
    /// <param name="Tick">The tick number.</param>
    /// <param name="Deadline">The tick's deadline on the system clock's timestamps; the call is cut there.</param>
    public sealed record AdapterTick(long Tick, long Deadline)
    {
        /// <summary>Gets a fault to act out instead of calling the adapter (inject_fault); null for a real call.</summary>
        public FaultMode? Fault { get; init; }
    }

    /// <summary>An adapter's answer for one tick.</summary>
    /// <param name="Tick">The tick number.</param>
    /// <param name="Slot">The adapter's position in the loop (saves the loop a lookup by name per result).</param>
    /// <param name="Adapter">The adapter's name.</param>
    /// <param name="Outcome">The outcome.</param>
    /// <param name="LatencyMs">How long the call took.</param>
    /// <param name="Detail">Why, for anything but ok.</param>
    public sealed record AdapterResult(long Tick, int Slot, string Adapter, AdapterOutcome Outcome, double LatencyMs, string? Detail)
    {
        /// <summary>Gets when the certificate the call saw expires (tls adapters), or null.</summary>
        public DateTimeOffset? CertificateExpires { get; init; }
    }

    /// <summary>Sent by an adapter actor to the loop when it (re)started: from now on, ticks go to it directly.</summary>
    /// <param name="Slot">The adapter's position in the loop.</param>
    public sealed record AdapterStarted(int Slot);

    /// <summary>
    /// Sent by an adapter actor to the loop as it stops (from PostStop): its ticks stop here. The loop
    /// hears of its adapters' stops this way rather than by watching each one, which cost ~0.5 KB per
    /// adapter at 10,000 (benchmarks/RESULTS.md, issue 13); it watches their supervisors.
    /// </summary>
    /// <param name="Slot">The adapter's position in the loop.</param>
    /// <param name="Failure">Why it failed, or null when it was stopped (its supervisor stopped or gave up).</param>
    /// <param name="FailedAt">When it failed (before its supervisor scheduled the restart: the backoff counts from after this).</param>
    public sealed record AdapterStopped(int Slot, string? Failure, DateTimeOffset FailedAt);

    /// <summary>Internal: a call finished (or threw) off the actor's mailbox.</summary>
    internal sealed record CallCompleted(long Tick, IActorRef ReplyTo, long Started, AdapterCallResult Result, Exception? Crash);
}
