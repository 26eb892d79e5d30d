using Akka.Configuration;
using Akka.Event;
using Loop.Actors.Scheduling;

namespace Loop.Actors.Tests.Support;

/// <summary>
/// The engine's <see cref="PreciseScheduler"/> on a manual clock of its own, for a test's actor system
/// (<c>akka.scheduler.implementation</c>): the test moves the clock, and the scheduler, the loop's timers
/// and every actor that reads <see cref="LoopClock"/> move with it. Akka's TestScheduler moves only its
/// wall clock, not the monotonic one the loop's grid runs on, so it does not fit here.
/// </summary>
public sealed class ManualClockScheduler(Config config, ILoggingAdapter log)
    : PreciseScheduler(config, log, new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
