using System.Globalization;
using Akka.Configuration;
using Loop.Actors.Scheduling;

namespace Loop.Actors.Tests.Support;

/// <summary>
/// An Akka TestKit with a fresh actor system per test, on a manual clock (<see cref="ManualClockScheduler"/>)
/// unless a test asks for the real one. Timeouts scale with LOOP_TEST_TIMEFACTOR on slow machines.
/// </summary>
public abstract class ActorTest : Akka.TestKit.Xunit2.TestKit
{
    protected ActorTest(bool realClock = false)
        : base(Config(realClock))
    {
        Clock = LoopClock.Of(Sys) as FakeTimeProvider ?? new FakeTimeProvider();
    }

    /// <summary>Gets the manual clock the system runs on (unused, and not the system's, with the real clock).</summary>
    protected FakeTimeProvider Clock { get; }

    protected ActorSystem System => Sys;

    protected TimeSpan Short => Dilated(TimeSpan.FromMilliseconds(150));

    protected TimeSpan DefaultTimeout => TestKitSettings.DefaultTimeout;

    protected TestProbe CreateProbe(string? name = null) => name is null ? CreateTestProbe() : CreateTestProbe(name);

    private static Config Config(bool realClock)
    {
        var factor = double.TryParse(Environment.GetEnvironmentVariable("LOOP_TEST_TIMEFACTOR"), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f >= 1 ? f : 1;
        var config = ConfigurationFactory.ParseString(string.Create(CultureInfo.InvariantCulture, $"""
            akka.test.timefactor = {factor}
            akka.test.single-expect-default = 3s
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            """));
        if (!realClock)
        {
            config = ConfigurationFactory.ParseString($"akka.scheduler.implementation = \"{typeof(ManualClockScheduler).AssemblyQualifiedName}\"").WithFallback(config);
        }

        return config.WithFallback(LoopActorsConfig.Default);
    }
}
