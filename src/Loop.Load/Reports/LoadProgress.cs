using Loop.Load.Running;

namespace Loop.Load.Reports;

/// <summary>
/// Progress while a run lasts: a live table on a terminal (Spectre.Console), or a plain line every 5 s when
/// the output is a file or a pipe (a CI log), so neither gets the other's noise.
/// </summary>
public abstract class LoadProgress
{
    private protected LoadProgress()
    {
    }

    /// <summary>A live table when <paramref name="output"/> is an interactive console, plain lines otherwise.</summary>
    /// <param name="output">Where the plain lines go.</param>
    /// <returns>The view.</returns>
    public static LoadProgress For(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb")
            ? new LiveConsoleProgress()
            : new LineProgress(output);

    /// <summary>Plain lines to <paramref name="output"/>, every <paramref name="every"/>.</summary>
    /// <param name="output">Where they go.</param>
    /// <param name="every">How often (default 5 s).</param>
    /// <returns>The view.</returns>
    public static LoadProgress Lines(TextWriter output, TimeSpan? every = null) => new LineProgress(output, every);

    internal abstract Task? Start(IReadOnlyList<ScenarioRun> runs);

    internal abstract void Update(IReadOnlyList<ScenarioRun> runs);

    internal abstract void Stop(IReadOnlyList<ScenarioRun> runs);
}
