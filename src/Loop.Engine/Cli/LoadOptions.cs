using System.CommandLine;
using System.Globalization;
using Loop.Load.Reports;
using Loop.Load.Simulations;
using Loop.Load.Thresholds;

namespace Loop.Engine.Cli;

/// <summary>The options the <c>loop load</c> verbs share: the load's shape, the gate, the reports.</summary>
internal static class LoadOptions
{
    public static readonly Option<int?> Rate = new("--rate") { Description = "Open model: this many new requests per second, whatever the target does." };

    public static readonly Option<int?> Users = new("--users") { Description = "Closed model: this many simulated users, each sending its next request when its last one ends (plus --think)." };

    public static readonly Option<string?> Think = new("--think") { Description = "With --users: how long each user waits between its requests (default 0s: back to back)." };

    public static readonly Option<string?> Duration = new("--duration") { Description = "How long the load lasts (e.g. 30s, 5m)." };

    public static readonly Option<int?> Connections = new("--connections") { Description = "The most connections to the target (default 100, or --users); requests beyond wait, and the wait counts in their latency." };

    public static readonly Option<string?> WarmUp = new("--warm-up") { Description = "Run the load this long first without counting it (default 0s)." };

    public static readonly Option<string?> Gate = new("--gate") { Description = "The release gate, e.g. p95=200ms,fail=0.5% (terms: p50 p75 p95 p99 mean max fail); 'none' for no gate." };

    public static readonly Option<string> ReportFolder = new("--report-folder") { Description = "Where the reports go.", DefaultValueFactory = _ => "reports" };

    public static readonly Option<string> ReportFormats = new("--report-format") { Description = "Report formats, comma-separated: txt,md,csv,html.", DefaultValueFactory = _ => "txt,md,csv,html" };

    public static readonly Option<bool> NoReports = new("--no-reports") { Description = "Print the result, write no report files." };

    public static void AddShape(Command command)
    {
        command.Options.Add(Rate);
        command.Options.Add(Users);
        command.Options.Add(Think);
        command.Options.Add(Duration);
        command.Options.Add(WarmUp);
        command.Options.Add(Connections);
    }

    /// <summary>--connections, or 100 (at least one per user with --users): like wrk's -c.</summary>
    public static int ConnectionsOf(ParseResult parse)
    {
        var connections = parse.GetValue(Connections) ?? Math.Max(100, parse.GetValue(Users) ?? 0);
        return connections >= 1 ? connections : throw new LoopCliException($"--connections must be at least 1 (got {connections})");
    }

    public static void AddReporting(Command command)
    {
        command.Options.Add(Gate);
        command.Options.Add(ReportFolder);
        command.Options.Add(ReportFormats);
        command.Options.Add(NoReports);
    }

    /// <summary>The load from --rate/--users and --duration: the simulation and how to describe it.</summary>
    public static (LoadSimulation Simulation, string Label) Shape(ParseResult parse, int? defaultRate, TimeSpan? defaultDuration)
    {
        var rate = parse.GetValue(Rate);
        var users = parse.GetValue(Users);
        if (rate is not null && users is not null)
        {
            throw new LoopCliException("give --rate (requests per second) or --users (simultaneous users), not both");
        }

        var duration = DurationOf(parse, Duration, defaultDuration)
            ?? throw new LoopCliException("--duration is missing: say how long the load lasts, e.g. --duration 30s");
        if (users is { } n)
        {
            if (n < 1)
            {
                throw new LoopCliException($"--users must be at least 1 (got {n})");
            }

            var think = DurationOf(parse, Think, TimeSpan.Zero, allowZero: true) ?? TimeSpan.Zero;
            return (LoadSimulation.KeepConstant(n, duration), string.Create(CultureInfo.InvariantCulture, $"{n} users{(think > TimeSpan.Zero ? $" thinking {Spec.Durations.Format(think)}" : string.Empty)} for {Spec.Durations.Format(duration)}"));
        }

        var perSecond = rate ?? defaultRate ?? throw new LoopCliException("give --rate R (requests per second) or --users N, with --duration");
        if (perSecond < 1)
        {
            throw new LoopCliException($"--rate must be at least 1 request per second (got {perSecond})");
        }

        return (LoadSimulation.Inject(perSecond, TimeSpan.FromSeconds(1), duration), string.Create(CultureInfo.InvariantCulture, $"{perSecond} req/s for {Spec.Durations.Format(duration)}"));
    }

    public static TimeSpan ThinkTime(ParseResult parse) => DurationOf(parse, Think, TimeSpan.Zero, allowZero: true) ?? TimeSpan.Zero;

    public static TimeSpan WarmUpOf(ParseResult parse) => DurationOf(parse, WarmUp, TimeSpan.Zero, allowZero: true) ?? TimeSpan.Zero;

    /// <summary>The gate from --gate, <paramref name="fallback"/> when absent; 'none' is no gate; a term naming a figure not in <paramref name="allowed"/> is refused.</summary>
    public static IReadOnlyList<Threshold> GateOf(ParseResult parse, string fallback, IReadOnlyList<string> allowed)
    {
        var text = parse.GetValue(Gate) ?? fallback;
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        IReadOnlyList<Threshold> gate;
        try
        {
            gate = Threshold.ParseGate(text);
        }
        catch (FormatException ex)
        {
            throw new LoopCliException("--gate: " + ex.Message);
        }

        if (gate.FirstOrDefault(t => !allowed.Contains(t.Metric)) is { } unknown)
        {
            throw new LoopCliException($"--gate: '{unknown.Text}' names no figure this verb measures; use {string.Join(", ", allowed)}");
        }

        return gate;
    }

    public static IReadOnlyList<ReportFormat> FormatsOf(ParseResult parse) => FormatsOf(parse.GetValue(ReportFormats)!, "--report-format");

    public static IReadOnlyList<ReportFormat> FormatsOf(string text, string where)
    {
        var formats = new List<ReportFormat>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<ReportFormat>(name, ignoreCase: true, out var format) || !Enum.IsDefined(format) || char.IsDigit(name[0]))
            {
                throw new LoopCliException($"{where}: '{name}' is not a report format; use txt, md, csv or html");
            }

            formats.Add(format);
        }

        return formats;
    }

    private static TimeSpan? DurationOf(ParseResult parse, Option<string?> option, TimeSpan? fallback, bool allowZero = false)
    {
        if (parse.GetValue(option) is not { } text)
        {
            return fallback;
        }

        if (!Spec.Durations.TryParse(text, out var duration) || duration < TimeSpan.Zero || (duration == TimeSpan.Zero && !allowZero))
        {
            throw new LoopCliException($"{option.Name} must be a{(allowZero ? " zero or" : string.Empty)} positive duration like 500ms, 30s or 5m (got '{text}')");
        }

        return duration;
    }
}
