using System.Globalization;
using System.Text.RegularExpressions;

namespace Loop.Load.Thresholds;

/// <summary>
/// One bound a result must meet, written as in a gate: <c>p95=200ms</c> (ok latency percentile at most),
/// <c>mean=50ms</c>, <c>max=1s</c>, <c>fail=0.5%</c> (failed calls at most). Callers may add metrics of their
/// own (the engine verb adds <c>jitter_p99</c> and <c>loop_p99</c>); a metric nobody observes fails.
/// </summary>
/// <param name="Metric">What is bounded: p50, p75, p95, p99, mean, max, fail, or a caller's name.</param>
/// <param name="Limit">The most allowed: milliseconds for latencies, percent for fail.</param>
/// <param name="Text">The bound as written.</param>
public sealed partial record Threshold(string Metric, double Limit, string Text)
{
    /// <summary>The runbook's canary gate: error rate at most 0.5 % and p95 at most 200 ms.</summary>
    public const string Canary = "p95=200ms,fail=0.5%";

    /// <summary>Parses a comma-separated gate like <c>p95=200ms,fail=0.5%</c>.</summary>
    /// <param name="gate">The gate.</param>
    /// <returns>The thresholds.</returns>
    /// <exception cref="FormatException">A term is not <c>metric=value</c> with a unit (ms, s, %).</exception>
    public static IReadOnlyList<Threshold> ParseGate(string gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var result = new List<Threshold>();
        foreach (var term in gate.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            result.Add(Parse(term));
        }

        if (result.Count == 0)
        {
            throw new FormatException($"the gate '{gate}' has no terms; write it like {Canary}");
        }

        return result;
    }

    /// <summary>Parses one term like <c>p99=1s</c> or <c>fail=1%</c>.</summary>
    /// <param name="term">The term.</param>
    /// <returns>The threshold.</returns>
    /// <exception cref="FormatException">The term is not understood.</exception>
    public static Threshold Parse(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var match = TermPattern().Match(term.Trim());
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException($"the gate term '{term}' is not metric=value; write it like p95=200ms or fail=0.5%");
        }

        var metric = match.Groups["m"].Value.ToLowerInvariant();
        var unit = match.Groups["u"].Value;
        var isFail = metric == "fail";
        if (isFail != (unit == "%"))
        {
            throw new FormatException(isFail
                ? $"the gate term '{term}' needs a percentage, like fail=0.5%"
                : $"the gate term '{term}' needs a duration in ms or s, like {metric}=200ms");
        }

        var limit = unit switch
        {
            "s" => n * 1000,
            _ => n,
        };
        return new Threshold(metric, limit, term.Trim());
    }

    /// <summary>Judges an observed value (NaN: nothing observed, which fails).</summary>
    /// <param name="observed">The observed value, in the limit's unit.</param>
    /// <returns>The verdict.</returns>
    public ThresholdResult Judge(double observed) => new(this, observed, !double.IsNaN(observed) && observed <= Limit);

    [GeneratedRegex(@"^(?<m>[A-Za-z][A-Za-z0-9_]*)\s*(=|<=|<)\s*(?<n>[0-9]+(\.[0-9]+)?)\s*(?<u>ms|s|%)$")]
    private static partial Regex TermPattern();
}
