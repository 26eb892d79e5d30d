using System.Diagnostics;

namespace Loop.Load.Running;

/// <summary>
/// Decides whether the open-model dispatcher starts a call on its own thread (up to the call's first wait, an
/// HTTP send) instead of queueing it to the thread pool: one thread wake per call fewer, which is most of a
/// call's CPU at moderate rates. Never while the first call is still running (it compiles the scenario's code,
/// which must not hold up the schedule), and never again once a call kept the thread longer than
/// <see cref="Budget"/> (a scenario that works synchronously belongs on the pool).
/// </summary>
internal sealed class InlineStarts
{
    /// <summary>The most a call may keep the dispatcher's thread.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(0.5);

    private static readonly long BudgetTicks = (long)(Budget.TotalSeconds * Stopwatch.Frequency);
    private Task? _first;
    private bool _refused;

    /// <summary>Whether the first call has been started (on the pool).</summary>
    public bool HasFirst => _first is not null;

    /// <summary>Whether the next call may start on the dispatcher's thread.</summary>
    public bool ShouldRun() => !_refused && _first is { IsCompleted: true };

    /// <summary>The first call, started on the pool: inline starts wait until it has finished.</summary>
    public void First(Task call) => _first = call;

    /// <summary>A call started inline kept the thread this long (Stopwatch ticks).</summary>
    public void Ran(long elapsedTicks) => _refused |= elapsedTicks > BudgetTicks;
}
