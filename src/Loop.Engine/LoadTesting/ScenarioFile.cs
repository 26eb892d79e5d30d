using Loop.Engine.Spec;
using Loop.Load.Reports;
using Loop.Load.Simulations;
using Loop.Load.Thresholds;
using YamlDotNet.RepresentationModel;

namespace Loop.Engine.LoadTesting;

/// <summary>
/// A load file for <c>loop load run</c>, read like a spec: every problem is reported at once with its line
/// and field path, unknown keys are refused, the file is capped in size and nesting.
/// <code>
/// report: { folder: reports, name: checkout, formats: [txt, md, csv, html] }
/// scenarios:
///   - name: home
///     request: { url: "http://127.0.0.1:8080/", method: GET, headers: { Accept: text/html }, timeout: 10s }
///     connections: 100
///     warm_up: 5s
///     load:
///       - { ramping_inject: 100, interval: 1s, during: 30s }
///       - { inject: 100, interval: 1s, during: 1m }
///       - { keep_constant: 20, during: 30s }
///       - { pause: 5s }
///     thresholds: "p95=200ms,fail=0.5%"
/// </code>
/// </summary>
internal sealed record ScenarioFile(IReadOnlyList<ScenarioFileEntry> Scenarios, string ReportFolder, string? ReportName, IReadOnlyList<ReportFormat> Formats)
{
    public const int MaxBytes = 256 * 1024;

    private static readonly string[] Shapes = ["inject", "ramping_inject", "keep_constant", "ramping_constant", "pause"];

    public static (ScenarioFile? File, IReadOnlyList<SpecProblem> Problems) Load(string path)
    {
        var (text, refusal) = YamlText.ReadFile(path, "load file", MaxBytes, "a readable load file", "a load file holds scenarios, not data");
        if (text is null)
        {
            return (null, [new SpecProblem(path, 0, path, refusal!)]);
        }

        var context = new SpecContext(path);
        if (YamlText.ParseRoot(text, context, "(load file)", "must be a YAML mapping with the keys scenarios and report") is not { } rootNode)
        {
            return (null, context.Problems);
        }

        var root = new SpecMap(context, rootNode, string.Empty, 1);
        var report = root.Map("report");
        var folder = report.String("folder", "reports")!;
        var name = report.String("name");
        if (name is not null && (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or ".." || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0))
        {
            report.Problem("name", $"must be a file name without a folder (got \"{name}\"); the folder is report.folder");
        }
        var formats = new List<ReportFormat>();
        foreach (var format in report.Has("formats") ? report.Strings("formats") : ["txt", "md", "csv", "html"])
        {
            if (Enum.TryParse<ReportFormat>(format, ignoreCase: true, out var f) && Enum.IsDefined(f) && !char.IsDigit(format[0]))
            {
                formats.Add(f);
            }
            else
            {
                report.Problem("formats", $"'{format}' is not a report format; use txt, md, csv or html");
            }
        }

        report.RejectUnknownKeys();
        var scenarios = new List<ScenarioFileEntry>();
        var nodes = root.Sequence("scenarios");
        if (nodes.Count == 0 && context.Problems.Count == 0)
        {
            root.Problem("scenarios", "needs at least one scenario (a name, a request and a load)");
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is not YamlMappingNode node)
            {
                context.Add((int)nodes[i].Start.Line, $"scenarios[{i}]", $"must be a mapping with name, request and load (got {SpecMap.Describe(nodes[i])})");
                continue;
            }

            var map = new SpecMap(context, node, $"scenarios[{i}]", (int)node.Start.Line);
            if (Scenario(map) is { } entry)
            {
                if (names.TryGetValue(entry.Name, out var first))
                {
                    map.Problem("name", $"duplicate scenario name '{entry.Name}' (first used at line {first}); names must be unique");
                }
                else
                {
                    names[entry.Name] = map.LineOf("name");
                    scenarios.Add(entry);
                }
            }
        }

        root.RejectUnknownKeys();
        return context.Problems.Count > 0 ? (null, context.Problems) : (new ScenarioFile(scenarios, folder, name, formats), []);
    }

    private static ScenarioFileEntry? Scenario(SpecMap map)
    {
        var before = map.ProblemCount;
        var name = map.String("name", required: true);
        var request = map.Map("request");
        var urlText = request.String("url", required: true);
        Uri? url = null;
        if (urlText is not null && (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            request.Problem("url", $"must be an http:// or https:// address (got \"{urlText}\")");
        }

        var method = request.OneOf("method", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH")!;
        var headers = new List<KeyValuePair<string, string>>();
        var headerMap = request.Map("headers");
        if (request.Has("headers"))
        {
            foreach (var key in headerMap.Keys())
            {
                if (headerMap.String(key) is { } value)
                {
                    if (HttpRequestTemplate.HeaderProblem(key, value) is { } problem)
                    {
                        headerMap.Problem(key, problem);
                    }

                    headers.Add(new(key, value));
                }
            }
        }

        var body = request.String("body");
        var contentType = request.String("content_type", "application/json")!;
        var timeout = request.Duration("timeout", TimeSpan.FromSeconds(10));
        request.RejectUnknownKeys();
        var connections = (int)map.Integer("connections", 100, 1, 100_000, "must be between 1 and 100000");
        var warmUp = map.Duration("warm_up", TimeSpan.Zero, allowZero: true);
        var think = map.Duration("think", TimeSpan.Zero, allowZero: true);
        var load = Load(map);
        IReadOnlyList<Threshold> thresholds = [];
        if (map.String("thresholds") is { } gate)
        {
            try
            {
                thresholds = Threshold.ParseGate(gate);
                if (thresholds.FirstOrDefault(static t => !StepMetrics.Names.Contains(t.Metric)) is { } unknown)
                {
                    map.Problem("thresholds", $"'{unknown.Text}' names no figure; use {string.Join(", ", StepMetrics.Names)}");
                }
            }
            catch (FormatException ex)
            {
                map.Problem("thresholds", ex.Message);
            }
        }

        map.RejectUnknownKeys();
        return map.ProblemCount > before || name is null || url is null
            ? null
            : new ScenarioFileEntry(name, new HttpRequestTemplate(new HttpMethod(method), url, headers, body, contentType), timeout, connections, warmUp, think, load, thresholds);
    }

    private static List<LoadSimulation> Load(SpecMap scenario)
    {
        var result = new List<LoadSimulation>();
        var nodes = scenario.Sequence("load");
        if (nodes.Count == 0)
        {
            scenario.Problem("load", "needs at least one simulation, like { inject: 100, interval: 1s, during: 30s }");
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            var path = scenario.PathOf($"load[{i}]");
            if (nodes[i] is not YamlMappingNode node)
            {
                scenario.Problem("load", $"load[{i}] must be a mapping like {{ inject: 100, interval: 1s, during: 30s }} (got {SpecMap.Describe(nodes[i])})");
                continue;
            }

            var map = scenario.Child(node, path);
            var shapes = Shapes.Where(map.Has).ToList();
            if (shapes.Count != 1)
            {
                _ = map.Has("interval") | map.Has("during");
                map.Problem(shapes.Count == 0 ? "inject" : shapes[1], $"needs exactly one of {string.Join(", ", Shapes)} (found {(shapes.Count == 0 ? "none" : string.Join(", ", shapes))})");
                map.RejectUnknownKeys();
                continue;
            }

            var shape = shapes[0];
            var amountRule = "must be between 0 and 1000000";
            if (shape == "pause")
            {
                var pause = map.Duration("pause", TimeSpan.Zero);
                map.RejectUnknownKeys();
                if (pause > TimeSpan.Zero)
                {
                    result.Add(LoadSimulation.Pause(pause));
                }

                continue;
            }

            var amount = (int)map.Integer(shape, -1, 0, 1_000_000, amountRule);
            var interval = shape.EndsWith("inject", StringComparison.Ordinal) ? map.Duration("interval", TimeSpan.FromSeconds(1)) : TimeSpan.Zero;
            var during = map.Duration("during", TimeSpan.Zero);
            if (!map.Has("during"))
            {
                map.Problem(shape, "needs during: how long this simulation lasts, like during: 30s");
            }

            if (shape == "inject" && amount == 0)
            {
                map.Problem(shape, "must be at least 1 request per interval (got 0); use pause for no load");
            }

            map.RejectUnknownKeys();
            if (amount >= 0 && during > TimeSpan.Zero && (interval > TimeSpan.Zero || !shape.EndsWith("inject", StringComparison.Ordinal)) && !(shape == "inject" && amount == 0))
            {
                result.Add(shape switch
                {
                    "inject" => LoadSimulation.Inject(amount, interval, during),
                    "ramping_inject" => LoadSimulation.RampingInject(amount, interval, during),
                    "keep_constant" => LoadSimulation.KeepConstant(amount, during),
                    _ => LoadSimulation.RampingConstant(amount, during),
                });
            }
        }

        return result;
    }
}
