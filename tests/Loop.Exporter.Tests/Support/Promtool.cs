using System.Diagnostics;

namespace Loop.Exporter.Tests.Support;

/// <summary>Runs the real promtool (./test.sh installs Debian's prometheus when it is missing).</summary>
internal static class Promtool
{
    public static async Task<(int Code, string Output)> RunAsync(string? workingDirectory, string? input, params string[] args)
    {
        var info = new ProcessStartInfo("promtool", args)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var promtool = Process.Start(info) ?? throw new InvalidOperationException("promtool did not start; ./test.sh installs it");
        if (input is not null)
        {
            await promtool.StandardInput.WriteAsync(input);
            promtool.StandardInput.Close();
        }

        var stdout = promtool.StandardOutput.ReadToEndAsync();
        var stderr = promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        return (promtool.ExitCode, await stdout + await stderr);
    }
}
