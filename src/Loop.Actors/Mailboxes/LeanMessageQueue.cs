using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Loop.Actors.Mailboxes;

/// <summary>
/// A mailbox queue for many producers and one consumer (the actor), as a linked list of nodes: an empty
/// queue is one node (~40 B), where Akka's default queue (a ConcurrentQueue) allocates a 32-slot segment
/// (~1 KB) for every actor up front. With 10,000 adapters, each an actor under a BackoffSupervisor, that
/// segment was the largest share of the engine's heap (a gcdump in benchmarks/RESULTS.md, issue 13).
/// The algorithm is Vyukov's intrusive MPSC queue: a producer swaps itself in as the tail, then links the
/// old tail to it; the consumer follows the links. When the consumer reaches the last node it puts the
/// queue's own stub node back behind it, so every message's node dies young: a node left as the stub until
/// the next tick (200 ms later) outlived gen0 and doubled the GC's pauses at 10,000 adapters.
/// </summary>
internal sealed class LeanMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private readonly Node _stub = new(default);
    private Node _head; // the consumer's: the next node to take, or the stub
    private Node _tail; // the producers': the last node
    private int _count;

    public LeanMessageQueue()
    {
        _head = _tail = _stub;
    }

    public bool HasMessages => Volatile.Read(ref _head) != _stub || Volatile.Read(ref _stub.Next) is not null;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        Interlocked.Increment(ref _count);
        Push(new Node(envelope));
    }

    public bool TryDequeue(out Envelope envelope)
    {
        var head = _head;
        var next = Volatile.Read(ref head.Next);
        if (head == _stub)
        {
            if (next is null)
            {
                envelope = default;
                return false;
            }

            // Past the stub; its producer has linked it, so nothing writes to it now: let go of the node.
            Volatile.Write(ref _head, next);
            _stub.Next = null;
            head = next;
            next = Volatile.Read(ref head.Next);
        }

        if (next is null)
        {
            if (head != Volatile.Read(ref _tail))
            {
                // A producer has swapped itself in behind head but not linked it yet: head is taken
                // with it on the next call (the producer schedules the mailbox once it has linked).
                envelope = default;
                return false;
            }

            // head is the last node: the stub goes behind it, so head can be taken and let go of.
            Push(_stub);
            next = Volatile.Read(ref head.Next);
            if (next is null)
            {
                envelope = default;
                return false; // a producer came in between and is still linking
            }
        }

        Volatile.Write(ref _head, next);
        envelope = head.Envelope;
        head.Envelope = default;
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

    /// <summary>
    /// Appends a node. Between the swap and the link the node is in the queue but not reachable yet: the
    /// consumer sees the queue end before it, and the producer schedules the mailbox after linking.
    /// </summary>
    private void Push(Node node)
    {
        var previous = Interlocked.Exchange(ref _tail, node);
        Volatile.Write(ref previous.Next, node);
    }

    private sealed class Node(Envelope envelope)
    {
        public Envelope Envelope = envelope;
        public Node? Next;
    }
}
