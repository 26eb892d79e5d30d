using Loop.Actors.Loop;

namespace Loop.Engine.Hosting;

/// <summary>Completes a task when the loop finished its configured ticks, so the host can exit.</summary>
internal sealed class CompletionRelay : ReceiveActor
{
    public CompletionRelay(TaskCompletionSource<LoopFinished> finished)
    {
        Receive<LoopFinished>(f => finished.TrySetResult(f));
    }
}
