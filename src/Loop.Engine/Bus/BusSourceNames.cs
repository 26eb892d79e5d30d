namespace Loop.Engine.Bus;

/// <summary>The names of <see cref="BusSource"/> as acks and the log write them (file, stdin, http), without a string per ack.</summary>
internal static class BusSourceNames
{
    public static string Of(BusSource source) => source switch
    {
        BusSource.File => "file",
        BusSource.Stdin => "stdin",
        _ => "http",
    };
}
