using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Loop.Actors.Scheduling;

/// <summary>
/// A sleep to an absolute instant with microsecond resolution (Linux: clock_nanosleep on CLOCK_MONOTONIC,
/// with the calling thread's timer slack cut to 1 µs), so the precise scheduler reaches a tick's due time
/// asleep instead of spinning through its last milliseconds: idle CPU near zero, same precision.
/// </summary>
internal static class FineSleep
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsolute = 1;
    private const int PrSetTimerSlack = 29;
    private const int Interrupted = 4; // EINTR
    private const long NanosPerSecond = 1_000_000_000;

    /// <summary>
    /// Prepares the calling thread (its timer slack) and says whether fine sleeps work here: Linux, and
    /// Stopwatch's timestamps being CLOCK_MONOTONIC's nanoseconds (checked, not assumed).
    /// </summary>
    public static bool TryPrepareThread()
    {
        if (!OperatingSystem.IsLinux() || Stopwatch.Frequency != NanosPerSecond)
        {
            return false;
        }

        try
        {
            var before = Stopwatch.GetTimestamp();
            if (NativeMethods.ClockGetTime(ClockMonotonic, out var now) != 0)
            {
                return false;
            }

            var after = Stopwatch.GetTimestamp();
            var monotonic = (now.Seconds * NanosPerSecond) + now.Nanoseconds;
            if (monotonic < before - 1_000_000 || monotonic > after + 1_000_000)
            {
                return false; // another clock: sleeping to its instants would miss ours
            }

            _ = NativeMethods.Prctl(PrSetTimerSlack, 1000, 0, 0, 0);
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Sleeps until Stopwatch's clock reads <paramref name="timestamp"/> (never returns before, but for a failing call).</summary>
    public static void Until(long timestamp)
    {
        var until = new Timespec { Seconds = timestamp / NanosPerSecond, Nanoseconds = timestamp % NanosPerSecond };
        while (NativeMethods.ClockNanoSleep(ClockMonotonic, TimerAbsolute, ref until, IntPtr.Zero) == Interrupted)
        {
            // a signal woke it: sleep on to the same instant
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static class NativeMethods
    {
        // DllImport, not LibraryImport: the generated stubs need unsafe code, for three plain calls.
#pragma warning disable SYSLIB1054
        [DllImport("libc", EntryPoint = "clock_nanosleep")]
        internal static extern int ClockNanoSleep(int clock, int flags, ref Timespec request, IntPtr remain);

        [DllImport("libc", EntryPoint = "clock_gettime")]
        internal static extern int ClockGetTime(int clock, out Timespec time);

        [DllImport("libc", EntryPoint = "prctl")]
        internal static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
#pragma warning restore SYSLIB1054
    }
}
