using Loop.Actors.Loop;
using Akka.Actor;

namespace Loop.Benchmarks.Load;

/// <summary>Keeps every TickCompleted of the measured window.</summary>
public sealed class TickCollector : ActorBase
{
    private readonly List<TickCompleted> _ticks;

    public TickCollector(List<TickCompleted> ticks) => _ticks = ticks;

    public static bool Recording { get; set; }

    protected override bool Receive(object message)
    {
        if (message is TickCompleted tick && Recording)
        {
            lock (_ticks)
            {
                _ticks.Add(tick);
            }
        }

        return true;
    }
}
