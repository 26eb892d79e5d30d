using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Loop.Actors.Mailboxes;

/// <summary>
/// A mailbox queue for many producers and one consumer (the actor), as a linked list of nodes: an empty
/// queue is one node (~40 B), where Akka's default queue (a ConcurrentQueue) allocates a 32-slot segment
/// (~1 KB) for every actor up front. With 10,000 adapters, each an actor under a BackoffSupervisor, that
/// segment was the largest share of the engine's heap (a gcdump in benchmarks/RESULTS.md, issue 13).
/// The algorithm is Vyukov's MPSC queue, the one Akka on the JVM uses for its single-consumer mailbox:
/// a producer swaps itself in as the tail, then links the old tail to it; the consumer follows the links.
/// </summary>
internal sealed class LeanMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private Node _head; // the consumer's: the node before the next message
    private Node _tail; // the producers': the last node
    private int _count;

    public LeanMessageQueue()
    {
        _head = _tail = new Node(default);
    }

    public bool HasMessages => Volatile.Read(ref _head.Next) is not null;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        var node = new Node(envelope);
        Interlocked.Increment(ref _count);

        // Between the swap and the link the message is in the queue but not yet reachable: the consumer
        // sees the queue empty for that moment, and the producer schedules the mailbox after linking.
        var previous = Interlocked.Exchange(ref _tail, node);
        Volatile.Write(ref previous.Next, node);
    }

    public bool TryDequeue(out Envelope envelope)
    {
        var next = Volatile.Read(ref _head.Next);
        if (next is null)
        {
            envelope = default;
            return false;
        }

        envelope = next.Envelope;
        next.Envelope = default; // the node becomes the new stub: it must not keep the message alive
        _head = next;
        Interlocked.Decrement(ref _count);
        return true;
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
        {
            deadletters.Enqueue(owner, envelope);
        }
    }

    private sealed class Node(Envelope envelope)
    {
        public Envelope Envelope = envelope;
        public Node? Next;
    }
}
