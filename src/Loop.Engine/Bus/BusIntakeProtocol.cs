namespace Loop.Engine.Bus;

/// <summary>
/// The messages between the bus's intake stream (<see cref="BusIntake"/>, Akka.Streams'
/// <c>Sink.ActorRefWithAck</c>) and the bus: the stream sends the next line only once the bus has said
/// <see cref="Taken"/> for the last one, so lines wait in their sources while the bus is busy.
/// </summary>
internal static class BusIntakeProtocol
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

    /// <summary>The intake ended (the engine is stopping).</summary>
    internal sealed class Ended
    {
        public static readonly Ended Instance = new();
    }
}
