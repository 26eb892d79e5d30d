using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Loop.Actors.Adapters;

/// <summary>
/// Runs a program each tick: exit 0 is ok, any other exit is an error. On timeout the whole process
/// tree is killed, so a hung script cannot pile up children tick after tick.
/// </summary>
public sealed class CommandAdapter : IAdapter
{
    private readonly CommandAdapterOptions _options;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The settings.</param>
    public CommandAdapter(CommandAdapterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public async Task<AdapterCallResult> CallAsync(long tick, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(_options.Program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in _options.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new AdapterCallResult(AdapterOutcome.Error, $"cannot start '{_options.Program}': {ex.Message}");
        }

        process.StandardInput.Close();
        var drainOut = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        var drainErr = process.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            throw;
        }

        await Task.WhenAll(drainOut, drainErr).ConfigureAwait(false);
        return process.ExitCode == 0
            ? AdapterCallResult.Ok
            : new AdapterCallResult(AdapterOutcome.Error, "exit " + process.ExitCode.ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own between the timeout and the kill.
        }
    }
}
