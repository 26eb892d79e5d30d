using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Loop.Engine.Verify;

namespace Loop.Engine.Cli;

/// <summary><c>loop verify --metrics FILE</c>: judges a run; exit 0 pass, 1 fail, 2 unreadable input.</summary>
internal static class VerifyCommand
{
    private static readonly Option<FileInfo> Metrics = new("--metrics")
    {
        Description = "The run's metrics.csv.",
        DefaultValueFactory = _ => new FileInfo("logs/metrics.csv"),
    };

    private static readonly Option<double> MaxP95 = new("--max-p95-ms") { Description = "Pass when loop latency p95 is at most this (ms).", DefaultValueFactory = _ => 60 };

    private static readonly Option<double> MinSuccess = new("--min-success") { Description = "Pass when the success rate is at least this (0..1).", DefaultValueFactory = _ => 0.97 };

    private static readonly Option<string> Run = new("--run") { Description = "Which run of the file to judge: latest (default), all, or a run id (metrics.csv's run column).", DefaultValueFactory = _ => "latest" };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the report as one JSON object." };

    public static Command Create()
    {
        var command = new Command("verify", "Judge a run's metrics.csv: latency percentiles, jitter, success rate, PASS/FAIL per criterion.");
        command.Options.Add(Metrics);
        command.Options.Add(MaxP95);
        command.Options.Add(MinSuccess);
        command.Options.Add(Run);
        command.Options.Add(Json);
        command.SetAction(parse =>
        {
            var file = parse.GetValue(Metrics)!.ToString();
            var output = parse.InvocationConfiguration.Output;
            VerifyReport report;
            try
            {
                var rows = MetricsVerifier.Read(file);
                var run = MetricsVerifier.SelectRun(rows, parse.GetValue(Run)!, file);
                report = MetricsVerifier.Judge(run, parse.GetValue(MaxP95), parse.GetValue(MinSuccess)) with
                {
                    Run = parse.GetValue(Run) == "all" ? "all" : run[^1].Run,
                    Runs = MetricsVerifier.Runs(rows).Count,
                };
            }
            catch (VerifyInputException ex)
            {
                throw new LoopCliException(ex.Message, ExitCode.UsageError);
            }

            if (parse.GetValue(Json))
            {
                output.WriteLine(ToJson(report));
            }
            else
            {
                Print(report, output);
            }

            return report.Pass ? (int)ExitCode.Ok : (int)ExitCode.Failed;
        });
        return command;
    }

    private static void Print(VerifyReport r, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        if (r.Run is not null)
        {
            output.WriteLine(string.Create(c, $"run               {r.Run} ({r.Runs} run{(r.Runs == 1 ? string.Empty : "s")} in the file; --run all or --run ID for others)"));
        }

        output.WriteLine(string.Create(c, $"ticks             {r.Ticks} ({r.Paused} paused, left out of latency)"));
        output.WriteLine(string.Create(c, $"loop latency ms   p50 {r.LatencyP50:0.###}  p95 {r.LatencyP95:0.###}  p99 {r.LatencyP99:0.###}  max {r.LatencyMax:0.###}"));
        output.WriteLine(string.Create(c, $"jitter ms         p99 {r.JitterP99:0.###}"));
        output.WriteLine(string.Create(c, $"success rate      {(double.IsNaN(r.SuccessRate) ? "n/a" : r.SuccessRate.ToString("0.0000", c))}"));
        output.WriteLine(string.Create(c, $"overruns          {r.Overruns} (ticks that reached their deadline)"));
        foreach (var criterion in r.Criteria)
        {
            output.WriteLine($"{(criterion.Pass ? "PASS" : "FAIL")}  {criterion.Text}");
        }

        output.WriteLine(r.Pass ? "verdict: PASS" : "verdict: FAIL");
    }

    private static string ToJson(VerifyReport r)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            if (r.Run is not null)
            {
                json.WriteString("run", r.Run);
            }

            json.WriteNumber("runs", r.Runs);
            json.WriteNumber("ticks", r.Ticks);
            json.WriteNumber("paused", r.Paused);
            json.WriteStartObject("loop_latency_ms");
            json.WriteNumber("p50", r.LatencyP50);
            json.WriteNumber("p95", r.LatencyP95);
            json.WriteNumber("p99", r.LatencyP99);
            json.WriteNumber("max", r.LatencyMax);
            json.WriteEndObject();
            json.WriteNumber("jitter_p99_ms", r.JitterP99);
            if (double.IsNaN(r.SuccessRate))
            {
                json.WriteNull("success_rate");
            }
            else
            {
                json.WriteNumber("success_rate", r.SuccessRate);
            }

            json.WriteNumber("overruns", r.Overruns);
            json.WriteStartArray("criteria");
            foreach (var criterion in r.Criteria)
            {
                json.WriteStartObject();
                json.WriteString("name", criterion.Name);
                json.WriteBoolean("pass", criterion.Pass);
                if (double.IsFinite(criterion.Observed))
                {
                    json.WriteNumber("observed", criterion.Observed);
                }
                else
                {
                    json.WriteNull("observed");
                }

                json.WriteNumber("threshold", criterion.Threshold);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteBoolean("pass", r.Pass);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
