namespace Loop.Actors.Runtime;

/// <summary>Settings of an <see cref="ActorSystem"/>.</summary>
public sealed class ActorSystemSettings
{
    /// <summary>The default throughput: 30 user messages per turn, as Akka's default dispatcher.</summary>
    public const int DefaultThroughput = 30;

    /// <summary>
    /// Gets the clock for the scheduler, Ask timeouts and restart windows.
    /// </summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>; tests pass a manual clock.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets how many user messages an actor processes per turn before it yields its thread.</summary>
    /// <value>The default value is 30.</value>
    public int Throughput { get; init; } = DefaultThroughput;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (Throughput < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Throughput), Throughput, $"Throughput must be at least 1 (got {Throughput}).");
        }
    }
}
