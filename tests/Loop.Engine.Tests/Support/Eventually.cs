using System.Diagnostics;
using System.Globalization;

namespace Loop.Engine.Tests.Support;

/// <summary>
/// Retries an assertion about a running engine (a file it writes, an HTTP answer) until it holds or time
/// runs out, then fails with the assertion's own message. In-process actor tests use Akka.TestKit's
/// AwaitAssertAsync instead; these tests drive a real process and have no actor system.
/// </summary>
public static class Eventually
{
    /// <summary>Gets the factor every wait is multiplied by on a slow machine (LOOP_TEST_TIMEFACTOR, default 1).</summary>
    public static double TimeFactor { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("LOOP_TEST_TIMEFACTOR"), NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor >= 1 ? factor : 1;

    /// <summary>Gets the default wait: 3 s times <see cref="TimeFactor"/>.</summary>
    public static TimeSpan DefaultTimeout => Dilated(TimeSpan.FromSeconds(3));

    /// <summary>Scales <paramref name="duration"/> by <see cref="TimeFactor"/>.</summary>
    public static TimeSpan Dilated(TimeSpan duration) => duration * TimeFactor;

    /// <summary>Retries <paramref name="assertion"/> until it stops throwing or <paramref name="duration"/> is over.</summary>
    public static Task AssertAsync(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        return AssertAsync(
            () =>
            {
                assertion();
                return Task.CompletedTask;
            },
            duration,
            interval);
    }

    /// <summary>Retries an asynchronous <paramref name="assertion"/> until it stops throwing or <paramref name="duration"/> is over.</summary>
    public static Task AssertAsync(Func<Task> assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        return ValueAsync(
            async () =>
            {
                await assertion().ConfigureAwait(false);
                return true;
            },
            duration,
            interval);
    }

    /// <summary>Retries <paramref name="attempt"/> (asserting as it reads) until it stops throwing or <paramref name="duration"/> is over; its value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> attempt, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var limit = duration ?? DefaultTimeout;
        var pause = interval ?? TimeSpan.FromMilliseconds(20);
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (Exception) when (started.Elapsed < limit)
            {
                await Task.Delay(pause).ConfigureAwait(false);
            }
        }
    }
}
