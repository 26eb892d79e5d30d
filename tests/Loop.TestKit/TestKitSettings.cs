using System.Globalization;

namespace Loop.TestKit;

/// <summary>Timeouts of the TestKit, scaled for slow machines by the LOOP_TEST_TIMEFACTOR environment variable.</summary>
public static class TestKitSettings
{
    /// <summary>Gets the factor all TestKit timeouts are multiplied by (LOOP_TEST_TIMEFACTOR, default 1).</summary>
    public static double TimeFactor { get; } = ReadTimeFactor();

    /// <summary>Gets the default timeout of ExpectMsg and friends: 3 s times <see cref="TimeFactor"/>.</summary>
    public static TimeSpan DefaultTimeout => Dilated(TimeSpan.FromSeconds(3));

    /// <summary>Scales <paramref name="duration"/> by <see cref="TimeFactor"/>.</summary>
    /// <param name="duration">A duration written for a normal machine.</param>
    /// <returns>The duration for this machine.</returns>
    public static TimeSpan Dilated(TimeSpan duration) => duration * TimeFactor;

    private static double ReadTimeFactor()
    {
        var text = Environment.GetEnvironmentVariable("LOOP_TEST_TIMEFACTOR");
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor >= 1.0 ? factor : 1.0;
    }
}
