namespace Loop.Actors.Loop;

/// <summary>Published on the event stream when the loop is paused or resumed.</summary>
/// <param name="Paused">Whether it is paused now.</param>
/// <param name="At">When.</param>
public sealed record LoopPauseChanged(bool Paused, DateTimeOffset At);
