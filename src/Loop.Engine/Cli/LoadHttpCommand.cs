using System.CommandLine;
using Loop.Engine.LoadTesting;
using Loop.Load.Running;
using Loop.Load.Scenarios;
using Loop.Load.Thresholds;

namespace Loop.Engine.Cli;

/// <summary>
/// <c>loop load http --url U [--rate R --duration D | --users N --duration D | --preset NAME] [--gate G]</c>:
/// loads one HTTP endpoint and judges it by the canary gate (p95 at most 200 ms, errors at most 0.5 %)
/// unless told otherwise: PASS exits 0, UNHEALTHY exits 1, bad input or an unreachable target exits 2.
/// </summary>
internal static class LoadHttpCommand
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"];

    private static readonly Option<string?> Url = new("--url") { Description = "The endpoint to load, e.g. http://127.0.0.1:8080/health." };

    private static readonly Option<string?> Preset = new("--preset") { Description = "The runbook's probes: gentle (3 requests 2 s apart), normal (10, 1 s apart), aggressive (25, 500 ms apart)." };

    private static readonly Option<string> Method = new("--method") { Description = "The HTTP method.", DefaultValueFactory = _ => "GET" };

    private static readonly Option<string[]> Headers = new("--header") { Description = "A request header as 'Name: value'; repeatable." };

    private static readonly Option<string?> Body = new("--body") { Description = "The request body (sent as --content-type)." };

    private static readonly Option<string> ContentType = new("--content-type") { Description = "The body's media type.", DefaultValueFactory = _ => "application/json" };

    private static readonly Option<string> Timeout = new("--timeout") { Description = "The most one request may take; slower is a failure (status timeout).", DefaultValueFactory = _ => "10s" };

    public static Command Create()
    {
        var command = new Command("http", "Load an HTTP endpoint at a rate, with users, or with a runbook preset; judge it by a gate (default: the canary gate p95=200ms,fail=0.5%).");
        command.Options.Add(Url);
        command.Options.Add(Preset);
        LoadOptions.AddShape(command);
        command.Options.Add(Method);
        command.Options.Add(Headers);
        command.Options.Add(Body);
        command.Options.Add(ContentType);
        command.Options.Add(Timeout);
        LoadOptions.AddReporting(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        LoadProcessTuning.Apply();
        var url = HttpTarget.Parse(parse.GetValue(Url), "--url");
        var (simulation, label) = Shape(parse);
        var gate = LoadOptions.GateOf(parse, Threshold.Canary, StepMetrics.Names);
        var timeout = Spec.Durations.TryParse(parse.GetValue(Timeout)!, out var t) && t > TimeSpan.Zero
            ? t
            : throw new LoopCliException($"--timeout must be a positive duration like 5s (got '{parse.GetValue(Timeout)}')");
        var request = Template(parse, url);
        var connections = LoadOptions.ConnectionsOf(parse);
        using var sender = new HttpRequestSender(request, connections, timeout);
        var scenario = Scenario.Create("http", ctx => sender.SendAsync(ctx.CancellationToken))
            .WithLoadSimulations(simulation)
            .WithThinkTime(LoadOptions.ThinkTime(parse))
            .WithWarmUpDuration(LoadOptions.WarmUpOf(parse))
            .WithThresholds([.. gate]);
        var runner = LoadOutcome.WithReporting(LoadRunner.RegisterScenarios(scenario).WithTitle($"loop load http {parse.GetValue(Method)} {url}: {label}"), parse);
        await HttpTarget.PreflightAsync(request, cancellationToken).ConfigureAwait(false);
        var result = await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        return LoadOutcome.Finish(result, runner, parse);
    }

    private static (Load.Simulations.LoadSimulation, string) Shape(ParseResult parse)
    {
        if (parse.GetValue(Preset) is not { } preset)
        {
            var bare = parse.GetValue(LoadOptions.Rate) is null && parse.GetValue(LoadOptions.Users) is null && parse.GetValue(LoadOptions.Duration) is null;
            return bare ? HttpPresets.Find("normal")!.Value : LoadOptions.Shape(parse, defaultRate: null, defaultDuration: null);
        }

        if (parse.GetValue(LoadOptions.Rate) is not null || parse.GetValue(LoadOptions.Users) is not null || parse.GetValue(LoadOptions.Duration) is not null)
        {
            throw new LoopCliException("give --preset, or --rate/--users with --duration, not both");
        }

        return HttpPresets.Find(preset) ?? throw new LoopCliException($"--preset must be one of {string.Join(", ", HttpPresets.Names)} (got '{preset}')");
    }

    private static HttpRequestTemplate Template(ParseResult parse, Uri url)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in parse.GetValue(Headers) ?? [])
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new LoopCliException($"--header must be 'Name: value' (got '{header}')");
            }

            var (name, value) = (header[..colon].Trim(), header[(colon + 1)..].Trim());
            if (HttpRequestTemplate.HeaderProblem(name, value) is { } problem)
            {
                throw new LoopCliException("--header " + problem.Replace("content_type", "--content-type", StringComparison.Ordinal));
            }

            headers.Add(new(name, value));
        }

        var method = parse.GetValue(Method)!.Trim().ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            throw new LoopCliException($"--method must be one of {string.Join(", ", Methods)} (got '{parse.GetValue(Method)}')");
        }

        return new HttpRequestTemplate(new HttpMethod(method), url, headers, parse.GetValue(Body), parse.GetValue(ContentType)!);
    }
}
