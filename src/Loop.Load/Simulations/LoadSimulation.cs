namespace Loop.Load.Simulations;

/// <summary>
/// One stretch of a scenario's load, with NBomber's names. A scenario runs its simulations one after
/// the other; a ramp starts from where the previous simulation ended (0 for the first).
/// </summary>
public sealed record LoadSimulation
{
    private LoadSimulation(LoadSimulationKind kind, int amount, TimeSpan interval, TimeSpan during)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        if (during <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(during), during, "A simulation must last longer than zero.");
        }

        if (kind is LoadSimulationKind.Inject or LoadSimulationKind.RampingInject && interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "An injection interval must be longer than zero.");
        }

        Kind = kind;
        Amount = amount;
        Interval = interval;
        During = during;
    }

    /// <summary>The shape.</summary>
    public LoadSimulationKind Kind { get; }

    /// <summary>Calls per <see cref="Interval"/> (inject kinds) or copies (constant kinds); 0 for a pause.</summary>
    public int Amount { get; }

    /// <summary>The injection interval (inject kinds).</summary>
    public TimeSpan Interval { get; }

    /// <summary>How long the simulation lasts.</summary>
    public TimeSpan During { get; }

    /// <summary>Whether calls start on a schedule of their own (open model) rather than when a copy is free.</summary>
    public bool IsOpen => Kind is LoadSimulationKind.Inject or LoadSimulationKind.RampingInject;

    /// <summary><paramref name="rate"/> new calls every <paramref name="interval"/>, spread evenly, for <paramref name="during"/>.</summary>
    /// <param name="rate">Calls per interval.</param>
    /// <param name="interval">The interval.</param>
    /// <param name="during">How long.</param>
    /// <returns>The simulation.</returns>
    public static LoadSimulation Inject(int rate, TimeSpan interval, TimeSpan during) => new(LoadSimulationKind.Inject, rate, interval, during);

    /// <summary>A rate moving linearly to <paramref name="rate"/> calls per <paramref name="interval"/> over <paramref name="during"/>.</summary>
    /// <param name="rate">Calls per interval at the end.</param>
    /// <param name="interval">The interval.</param>
    /// <param name="during">How long.</param>
    /// <returns>The simulation.</returns>
    public static LoadSimulation RampingInject(int rate, TimeSpan interval, TimeSpan during) => new(LoadSimulationKind.RampingInject, rate, interval, during);

    /// <summary><paramref name="copies"/> copies calling back to back for <paramref name="during"/>.</summary>
    /// <param name="copies">Concurrent copies.</param>
    /// <param name="during">How long.</param>
    /// <returns>The simulation.</returns>
    public static LoadSimulation KeepConstant(int copies, TimeSpan during) => new(LoadSimulationKind.KeepConstant, copies, TimeSpan.Zero, during);

    /// <summary>Copies moving linearly to <paramref name="copies"/> over <paramref name="during"/>.</summary>
    /// <param name="copies">Copies at the end.</param>
    /// <param name="during">How long.</param>
    /// <returns>The simulation.</returns>
    public static LoadSimulation RampingConstant(int copies, TimeSpan during) => new(LoadSimulationKind.RampingConstant, copies, TimeSpan.Zero, during);

    /// <summary>No calls for <paramref name="during"/>.</summary>
    /// <param name="during">How long.</param>
    /// <returns>The simulation.</returns>
    public static LoadSimulation Pause(TimeSpan during) => new(LoadSimulationKind.Pause, 0, TimeSpan.Zero, during);

    /// <summary>The same shape with another amount and length (a warm-up's clip, a scenario's share of a load).</summary>
    internal LoadSimulation Resized(int amount, TimeSpan during) => new(Kind, amount, Interval, during);

    /// <summary>Calls per second at the end of an inject simulation (where a following ramp starts).</summary>
    internal double RatePerSecond => IsOpen ? Amount / Interval.TotalSeconds : 0;

    /// <summary>
    /// When the <paramref name="k"/>-th call (from 0) of this simulation is due, in seconds from its start, for a
    /// rate moving linearly from <paramref name="fromPerSecond"/>; null once the simulation has no more calls.
    /// </summary>
    /// <remarks>
    /// Calls due by time t are the rate's integral, <c>N(t) = r0 t + (r1 - r0) t^2 / 2T</c>; the k-th call is the
    /// root of <c>N(t) = k</c>, written as <c>2k / (r0 + sqrt(r0^2 + 4ak))</c>, which holds for flat, rising and falling rates.
    /// </remarks>
    internal double? DueSeconds(long k, double fromPerSecond)
    {
        var total = During.TotalSeconds;
        var r0 = Kind == LoadSimulationKind.RampingInject ? fromPerSecond : RatePerSecond;
        var r1 = RatePerSecond;
        var a = (r1 - r0) / (2 * total);
        var discriminant = (r0 * r0) + (4 * a * k);
        if (discriminant < 0)
        {
            return null; // a falling rate that never reaches k calls
        }

        var denominator = r0 + Math.Sqrt(discriminant);
        double t = k == 0 ? 0 : denominator <= 0 ? double.PositiveInfinity : 2 * k / denominator;
        if (k == 0 && r0 <= 0 && r1 <= 0)
        {
            return null;
        }

        return t < total ? t : null;
    }

    /// <summary>Copies at <paramref name="fraction"/> (0..1) of this simulation, ramping from <paramref name="previousCopies"/>.</summary>
    internal int CopiesAt(double fraction, int previousCopies) =>
        Kind == LoadSimulationKind.RampingConstant ? (int)Math.Round(previousCopies + ((Amount - previousCopies) * fraction)) : Amount;
}
