using System.CommandLine;

namespace Loop.Engine.Cli;

/// <summary>The options that find a running engine: --to, --token, and --spec for their defaults.</summary>
internal static class EngineAddress
{
    private static readonly Option<string?> To = new("--to") { Description = "The engine's address (default from the spec: http://127.0.0.1:9108)." };

    private static readonly Option<string?> Token = new("--token") { Description = "The bus token (default LOOP_TOKEN, then the spec's exporter.token)." };

    private static readonly Option<FileInfo?> SpecFile = new("--spec") { Description = "The spec whose exporter address and token are the defaults." };

    public static void AddTo(Command command)
    {
        command.Options.Add(To);
        command.Options.Add(Token);
        command.Options.Add(SpecFile);
    }

    public static EngineClient Client(ParseResult parse) => EngineClient.For(parse.GetValue(To), parse.GetValue(Token), Spec(parse));

    /// <summary>The spec named by --spec, or the default one.</summary>
    public static Spec.LoopSpec Spec(ParseResult parse) =>
        SpecArguments.LoadOrThrow(parse.GetValue(SpecFile), new Spec.SpecOverrides(), parse.InvocationConfiguration.Error);
}
