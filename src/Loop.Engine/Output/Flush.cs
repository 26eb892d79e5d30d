namespace Loop.Engine.Output;

/// <summary>Asks a writer to flush everything it received before; it replies with itself.</summary>
internal sealed class Flush
{
    public static readonly Flush Instance = new();
}
