using System.Threading.Channels;
using Loop.Actors.Runtime;

namespace Loop.TestKit;

/// <summary>The real actor behind a <see cref="TestProbe"/>: queues what it receives and watches on request.</summary>
internal sealed class ProbeActor(ChannelWriter<ReceivedMessage> received) : ActorBase
{
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case WatchRequest request:
                Context.Watch(request.Target);
                request.Done.TrySetResult();
                return true;
            case UnwatchRequest request:
                Context.Unwatch(request.Target);
                request.Done.TrySetResult();
                return true;
            default:
                received.TryWrite(new ReceivedMessage(message, Sender));
                return true;
        }
    }

    internal sealed record WatchRequest(IActorRef Target, TaskCompletionSource Done);

    internal sealed record UnwatchRequest(IActorRef Target, TaskCompletionSource Done);
}
