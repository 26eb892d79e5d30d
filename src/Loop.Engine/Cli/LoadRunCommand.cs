using System.CommandLine;
using Loop.Engine.LoadTesting;
using Loop.Load.Running;
using Loop.Load.Scenarios;

namespace Loop.Engine.Cli;

/// <summary>
/// <c>loop load run FILE</c>: the scenarios of a load file (requests, simulations, thresholds, reports),
/// side by side. A file with problems is refused with each problem's line before anything is sent.
/// </summary>
internal static class LoadRunCommand
{
    private static readonly Argument<string> File = new("file") { Description = "The load file (YAML: scenarios with a request, a load and thresholds; report settings)." };

    public static Command Create()
    {
        var command = new Command("run", "Run the scenarios of a load file side by side; exit 1 when a threshold fails, 2 when the file is wrong.");
        command.Arguments.Add(File);
        command.Options.Add(LoadOptions.NoReports);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        LoadProcessTuning.Apply();
        var path = parse.GetValue(File)!;
        var (file, problems) = ScenarioFile.Load(path);
        if (file is null)
        {
            throw SpecArguments.Refusal(problems, parse.InvocationConfiguration.Error, "the load file");
        }

        var senders = new List<HttpRequestSender>();
        try
        {
            var scenarios = new List<Scenario>();
            foreach (var entry in file.Scenarios)
            {
                var sender = new HttpRequestSender(entry.Request, entry.Connections, entry.Timeout);
                senders.Add(sender);
                await HttpTarget.PreflightAsync(entry.Request, cancellationToken).ConfigureAwait(false);
                scenarios.Add(Scenario.Create(entry.Name, ctx => sender.SendAsync(ctx.CancellationToken))
                    .WithLoadSimulations([.. entry.Load])
                    .WithWarmUpDuration(entry.WarmUp)
                    .WithThinkTime(entry.Think)
                    .WithThresholds([.. entry.Thresholds]));
            }

            var runner = LoadRunner.RegisterScenarios([.. scenarios])
                .WithTitle($"loop load run {path}")
                .WithReportFolder(file.ReportFolder)
                .WithReportFormats([.. file.Formats])
                .WithProgress(Load.Reports.LoadProgress.For(parse.InvocationConfiguration.Output));
            if (file.ReportName is { } name)
            {
                runner = runner.WithReportFileName(name);
            }

            var result = await runner.RunAsync(cancellationToken).ConfigureAwait(false);
            return LoadOutcome.Finish(result, runner, parse);
        }
        finally
        {
            senders.ForEach(static s => s.Dispose());
        }
    }
}
