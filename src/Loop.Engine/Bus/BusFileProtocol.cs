namespace Loop.Engine.Bus;

/// <summary>
/// The messages between the commands-file stream and the bus (Akka.Streams' <c>Sink.ActorRefWithAck</c>):
/// the stream sends the next line only once the bus has said <see cref="Taken"/> for the last one, so the
/// file's lines wait in the file while the bus is busy.
/// </summary>
internal static class BusFileProtocol
{
    /// <summary>The stream is up; the bus answers <see cref="Taken"/> when it wants the first line.</summary>
    internal sealed class Started
    {
        public static readonly Started Instance = new();
    }

    /// <summary>The bus wants the next line.</summary>
    internal sealed class Taken
    {
        public static readonly Taken Instance = new();
    }

    /// <summary>The stream ended (the engine is stopping).</summary>
    internal sealed class Ended
    {
        public static readonly Ended Instance = new();
    }
}
