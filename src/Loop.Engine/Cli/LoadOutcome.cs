using System.CommandLine;
using Loop.Load.Reports;
using Loop.Load.Results;
using Loop.Load.Running;

namespace Loop.Engine.Cli;

/// <summary>The end of every <c>loop load</c> verb: print the report, write the files, and exit 0 (PASS or no gate) or 1 (UNHEALTHY).</summary>
internal static class LoadOutcome
{
    public static int Finish(LoadResult result, LoadRunner runner, ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        output.WriteLine();
        TextReport.Write(result, output);
        if (!parse.GetValue(LoadOptions.NoReports))
        {
            try
            {
                var files = runner.WriteReports(result);
                output.WriteLine("reports: " + string.Join(", ", files));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // the run's figures are printed above: losing the files is not losing the run
                parse.InvocationConfiguration.Error.WriteLine($"loop: the reports could not be written to {runner.ReportFolder} ({ex.Message}); the result is printed above");
            }
        }

        return result.Gated && !result.Passed ? (int)ExitCode.Failed : (int)ExitCode.Ok;
    }

    /// <summary>The runner's report settings from the command line.</summary>
    public static LoadRunner WithReporting(LoadRunner runner, ParseResult parse) =>
        runner.WithReportFolder(parse.GetValue(LoadOptions.ReportFolder)!)
            .WithReportFormats([.. LoadOptions.FormatsOf(parse)])
            .WithProgress(LoadProgress.For(parse.InvocationConfiguration.Output));
}
