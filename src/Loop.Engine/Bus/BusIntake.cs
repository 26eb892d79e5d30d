using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Loop.Engine.Bus;

/// <summary>
/// Where every bus source runs into: one Akka.Streams MergeHub in front of the bus actor, taking a line
/// only when the bus has said <see cref="BusIntakeProtocol.Taken"/> for the last one. The commands file,
/// standard input and each POST /bus body are producers of their own; when the bus is busy (1,024
/// commands waiting) every one of them waits, the file in the file, HTTP and stdin in their sockets.
/// </summary>
internal static class BusIntake
{
    /// <summary>Starts the hub; the sink it returns can be run into any number of times, by any number of sources.</summary>
    public static Sink<BusLine, NotUsed> Start(IActorRef bus, IMaterializer materializer) =>
        MergeHub.Source<BusLine>(perProducerBufferSize: 16)
            .To(Sink.ActorRefWithAck<BusLine>(bus, BusIntakeProtocol.Started.Instance, BusIntakeProtocol.Taken.Instance, BusIntakeProtocol.Ended.Instance))
            .Run(materializer);
}
