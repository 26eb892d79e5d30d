using System.Globalization;

namespace Loop.Benchmarks.Measurements;

/// <summary>Another process's CPU time so far (user + system), from /proc/PID/stat: the engine's, measured from outside it.</summary>
public static class ProcessCpuTime
{
    public static TimeSpan Of(int pid)
    {
        // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th, stime the 15th.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }
}
