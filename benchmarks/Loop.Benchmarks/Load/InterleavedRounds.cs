using System.Globalization;

namespace Loop.Benchmarks.Load;

/// <summary>
/// Measures several builds side by side: every round measures each build once, in turn, so a noisy
/// neighbour hits every build alike; each result is printed as it comes, then one summary line per build.
/// </summary>
internal static class InterleavedRounds
{
    public static void Run<TRound>(int rounds, IReadOnlyList<string> builds, Func<string, TRound> measure, Func<List<TRound>, string> summarize)
    {
        var results = builds.ToDictionary(static b => b, static _ => new List<TRound>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var build in builds)
            {
                var result = measure(build);
                results[build].Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round} {build}: {result}"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("medians over the rounds:");
        foreach (var build in builds)
        {
            Console.WriteLine($"{build}: {summarize(results[build])}");
        }
    }
}
