namespace Loop.Engine.LoadTesting;

/// <summary>
/// Tunes a `loop load` process before its first socket: socket completions run on the socket engine's own
/// thread instead of hopping to the thread pool (the runtime's DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS,
/// read once, when the first socket operation starts). Measured on 2 cores: 75k -> 94k requests/s against
/// the same target, with less CPU per request (benchmarks/RESULTS.md, issue 17). Never done in `loop run`: an
/// engine's Kestrel must not run request handlers on the socket thread. A value the user set is kept.
/// </summary>
internal static class LoadProcessTuning
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        }
    }
}
