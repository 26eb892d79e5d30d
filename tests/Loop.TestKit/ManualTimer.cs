namespace Loop.TestKit;

/// <summary>A timer of <see cref="ManualTimeProvider"/>; its state is guarded by the provider's lock.</summary>
internal sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
{
    /// <summary>Gets or sets the due time in ticks, or -1 when disarmed.</summary>
    public long Due { get; set; } = -1;

    /// <summary>Gets or sets the period in ticks, or 0 for a one-shot timer.</summary>
    public long Period { get; set; }

    public bool Disposed { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period) => owner.Change(this, dueTime, period);

    public void Fire() => callback(state);

    public void Dispose() => owner.Remove(this);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
