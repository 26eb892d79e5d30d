namespace Loop.Actors.Loop;

/// <summary>
/// Moves gen0 collections out of ticks and into the idle time between them. The runtime collects gen0 when its
/// budget fills, which with probes allocating is nearly always during a tick, and a collection's pause grows
/// with the adapters called since the last one (each leaves old objects holding new ones, which the collector
/// must scan): 10 to 25 ms with 10,000 adapters, on a tick that takes 5. After each tick the loop asks
/// <see cref="AfterTick"/>: when the next tick's allocation would likely fill the budget and the next tick is
/// far enough away, it collects now, so the pause falls where no tick is measured. It makes no collection the
/// runtime would not have made a little later (it collects once the budget is nearly full, never on a timer).
/// </summary>
public sealed class GcPacer
{
    /// <summary>The least idle time before the next tick in which a collection is started.</summary>
    internal static readonly TimeSpan MinGap = TimeSpan.FromMilliseconds(20);

    private readonly IGarbageCollector _gc;
    private readonly bool _pace;
    private readonly TimeProvider _pauseClock;
    private long _lastAllocated;
    private int _lastCollections;
    private long _sinceCollection;
    private double _perTick;
    private TimeSpan _lastPause = TimeSpan.FromMilliseconds(10);
    private long _budget;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="gc">The collector.</param>
    /// <param name="pace">Whether to collect between ticks; false only counts the runtime's collections.</param>
    /// <param name="pauseClock">Measures a collection's pause: the machine's clock (the default), whatever clock the loop runs on.</param>
    public GcPacer(IGarbageCollector gc, bool pace = true, TimeProvider? pauseClock = null)
    {
        _gc = gc;
        _pace = pace;
        _pauseClock = pauseClock ?? TimeProvider.System;
        _lastAllocated = gc.AllocatedBytes;
        _lastCollections = gc.Collections;
        _budget = gc.Gen0BudgetBound;
    }

    /// <summary>Gets the collections this pacer made between ticks.</summary>
    public long Paced { get; private set; }

    /// <summary>Gets the collections the runtime made on its own (during a tick or between), seen after a tick.</summary>
    public long Unpaced { get; private set; }

    /// <summary>After a tick: collects gen0 now if the budget is nearly full and the next tick is at least <paramref name="gap"/> away.</summary>
    /// <param name="gap">The time until the next tick is due.</param>
    /// <returns>Whether it collected.</returns>
    public bool AfterTick(TimeSpan gap)
    {
        var allocated = _gc.AllocatedBytes;
        var collections = _gc.Collections;
        var delta = Math.Max(0, allocated - _lastAllocated);
        _lastAllocated = allocated;
        if (collections != _lastCollections)
        {
            // The runtime collected since the last tick, at a point unknown within it: count half of what came since.
            Unpaced += collections - _lastCollections;
            _lastCollections = collections;
            _sinceCollection = delta / 2;

            // What gen0 had taken when the runtime collected it is its budget now (never a paced collection's size,
            // which would lower the mark each time). Nothing is learnt from a gen1 or gen2 collection.
            var bound = _gc.Gen0BudgetBound;
            if (_gc.LastGen0SizeBefore is > 0 and var taken)
            {
                _budget = Math.Clamp(taken, bound / 4, bound);
            }
        }
        else
        {
            _sinceCollection += delta;
        }

        // The most a recent tick allocated, fading: a busy tick now and then is planned for. A tick that allocated
        // more than a quarter of the budget (the engine starting 10,000 adapters) is not a tick to plan by: counted
        // in full, it would have the pacer collect after every tick until it faded.
        _perTick = Math.Max(Math.Min(delta, _budget / 4), _perTick * 0.9);
        if (!_pace || _sinceCollection + (2 * _perTick) < _budget || gap < MinGap || gap < 3 * _lastPause)
        {
            return false;
        }

        var started = _pauseClock.GetTimestamp();
        _gc.CollectGen0();
        _lastPause = _pauseClock.GetElapsedTime(started);
        Paced++;
        _lastCollections = _gc.Collections;
        _lastAllocated = _gc.AllocatedBytes;
        _sinceCollection = 0;
        return true;
    }
}
