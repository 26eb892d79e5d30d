using Akka.Actor;

namespace Loop.Benchmarks;

/// <summary>The fan-out/fan-in parent: on any message, tells every child and replies once all answered.</summary>
public sealed class FanOutParent : ActorBase
{
    private readonly IActorRef[] _children;
    private IActorRef _requester = ActorRefs.Nobody;
    private int _pending;

    public FanOutParent(int children)
    {
        var childProps = Props.Create(() => new Replier());
        _children = Enumerable.Range(0, children).Select(i => Context.ActorOf(childProps, "c" + i)).ToArray();
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case Ready:
                Sender.Tell(true, Self);
                break;
            case Reply:
                if (--_pending == 0)
                {
                    _requester.Tell(true, Self);
                }

                break;
            default:
                _requester = Sender;
                _pending = _children.Length;
                foreach (var child in _children)
                {
                    child.Tell(message, Self);
                }

                break;
        }

        return true;
    }

    public sealed class Ready
    {
        public static readonly Ready Instance = new();
    }

    public sealed class Reply
    {
        public static readonly Reply Instance = new();
    }

    private sealed class Replier : ActorBase
    {
        protected override bool Receive(object message)
        {
            Sender.Tell(Reply.Instance, Self);
            return true;
        }
    }
}
