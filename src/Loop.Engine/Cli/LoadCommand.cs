using System.CommandLine;

namespace Loop.Engine.Cli;

/// <summary><c>loop load</c>: load-test an HTTP service (<c>http</c>), a running engine (<c>engine</c>), or scenarios from a file (<c>run</c>).</summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var command = new Command("load", "Load-test an HTTP service, a running engine, or the scenarios of a file; print NBomber-style reports and judge a release gate.");
        command.Subcommands.Add(LoadHttpCommand.Create());
        command.Subcommands.Add(LoadEngineCommand.Create());
        command.Subcommands.Add(LoadRunCommand.Create());
        return command;
    }
}
