using Loop.Engine.Cli;

return await LoopCli.RunAsync(args).ConfigureAwait(false);
