using System.Collections.Concurrent;

namespace Loop.Benchmarks.Floor;

/// <summary>
/// The floor every mailbox is measured against: a bare ConcurrentQueue drained by a thread-pool work
/// item with a throughput cap, no supervision, no system messages, no sender. Nothing can be cheaper
/// in this shape, so "percent of the floor" says what the runtime's features cost.
/// </summary>
public sealed class FloorActor(Action<object, FloorActor> handler) : IThreadPoolWorkItem
{
    private readonly ConcurrentQueue<(object Message, FloorActor? Sender)> _queue = new();
    private int _scheduled;

    public FloorActor? LastSender { get; private set; }

    public void Post(object message, FloorActor? sender)
    {
        _queue.Enqueue((message, sender));
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    public void Execute()
    {
        for (var i = 0; i < 30 && _queue.TryDequeue(out var item); i++)
        {
            LastSender = item.Sender;
            handler(item.Message, this);
        }

        Interlocked.Exchange(ref _scheduled, 0);
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }
}
