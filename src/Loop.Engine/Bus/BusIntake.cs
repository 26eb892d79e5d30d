using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Loop.Engine.Bus;

/// <summary>
/// Where every bus source runs into: one Akka.Streams graph, sources (each framing its own lines, at most
/// 64 KiB each) -> a MergeHub -> parse -> the bus actor, which takes a line only when it has said
/// <see cref="BusIntakeProtocol.Taken"/> for the last one and does what needs the bus's state in order:
/// dedupe, validate, apply, persist, ack. The commands file, standard input and each POST /bus body are
/// producers of their own; when the bus is busy (1,024 commands waiting) every one of them waits, the
/// file in the file, HTTP and stdin in their sockets.
/// </summary>
internal static class BusIntake
{
    /// <summary>Starts the hub; the sink it returns can be run into any number of times, by any number of sources.</summary>
    public static Sink<BusLine, NotUsed> Start(IActorRef bus, IMaterializer materializer) =>
        MergeHub.Source<BusLine>(perProducerBufferSize: 16)
            .Select(ParsedLine.Of)
            .To(Sink.ActorRefWithAck<ParsedLine>(bus, BusIntakeProtocol.Started.Instance, BusIntakeProtocol.Taken.Instance, BusIntakeProtocol.Ended.Instance))
            .Run(materializer);
}
