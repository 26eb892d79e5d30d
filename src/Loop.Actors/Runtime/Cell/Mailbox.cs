using System.Collections.Concurrent;

namespace Loop.Actors.Runtime;

/// <summary>
/// An actor's mailbox in Akka's shape: a lock-free queue of user messages plus a lock-free list of
/// system messages, and the mailbox itself queued on the thread pool as a work item whenever it has
/// work. A turn processes all system messages, then up to <c>throughput</c> user messages (system
/// messages again after each one), so one busy actor cannot starve the rest. No polling, no sleeping.
/// </summary>
/// <remarks>
/// The scheduled flag is cleared with <see cref="Interlocked.Exchange(ref int, int)"/> (a full fence)
/// and the queues are checked again afterwards: a message posted while the turn was ending either
/// sees the flag clear and schedules the mailbox itself, or is seen by that re-check. A volatile
/// write there would allow the lost wake-up in which a message sits in the queue with nobody scheduled.
/// </remarks>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    // Marks the system list of a closed mailbox; never processed.
    private static readonly SystemMessage ClosedMarker = new Terminate();

    private readonly ActorCell _cell;
    private readonly int _throughput;

    // Set for an actor on the pinned dispatcher: turns run there instead of on the thread pool.
    private readonly PinnedThread? _pinned;

    // Created on the first user message, so an actor that was never sent anything costs no queue segment.
    private ConcurrentQueue<Envelope>? _queue;
    private SystemMessage? _systemHead;
    private int _status;
    private volatile bool _closed;
    private long _turns;

    // Unstashed messages go in front of the queue; touched only during the actor's own turn.
    private Stack<Envelope>? _front;

    /// <param name="cell">The actor.</param>
    /// <param name="throughput">User messages per turn.</param>
    /// <param name="pinnedThreadName">A name for a thread of the actor's own (pinned dispatcher); null to run on the thread pool.</param>
    public Mailbox(ActorCell cell, int throughput, string? pinnedThreadName)
    {
        _cell = cell;
        _throughput = throughput;
        _pinned = pinnedThreadName is null ? null : new PinnedThread(this, pinnedThreadName);
    }

    /// <summary>Gets how many turns the mailbox has run (read during the actor's own turn; used by tests of the throughput cap).</summary>
    public long Turns => _turns;

    public void Post(Envelope envelope)
    {
        var queue = _queue ?? EnsureQueue();
        queue.Enqueue(envelope);

        // Re-check after the enqueue: Close() sets the flag before it drains, so whichever of us
        // comes second sees the message and sends it to dead letters.
        if (_closed)
        {
            DrainQueueToDeadLetters();
            return;
        }

        TrySchedule();
    }

    public void PostSystem(SystemMessage message)
    {
        while (true)
        {
            var head = Volatile.Read(ref _systemHead);
            if (ReferenceEquals(head, ClosedMarker))
            {
                _cell.HandleSystemMessageWhenDead(message);
                return;
            }

            message.Next = head;
            if (ReferenceEquals(Interlocked.CompareExchange(ref _systemHead, message, head), head))
            {
                break;
            }
        }

        TrySchedule();
    }

    /// <summary>Puts an unstashed message in front of everything queued. Only during the actor's turn.</summary>
    public void PushFront(Envelope envelope) => (_front ??= new Stack<Envelope>()).Push(envelope);

    /// <summary>Closes the mailbox: queued and future user messages go to dead letters, system messages are answered as by a dead actor.</summary>
    public void Close()
    {
        _closed = true;
        Interlocked.MemoryBarrier();
        if (_front is not null)
        {
            while (_front.TryPop(out var unstashed))
            {
                _cell.SendToDeadLetters(unstashed);
            }
        }

        DrainQueueToDeadLetters();
        var rest = Interlocked.Exchange(ref _systemHead, ClosedMarker);
        HandleAsDead(Reverse(rest));
        _pinned?.Complete();
    }

    void IThreadPoolWorkItem.Execute()
    {
        ActorCell.SetCurrent(_cell);
        _turns++;
        try
        {
            ProcessSystemMessages();
            for (var left = _throughput; left > 0 && _cell.CanProcessUserMessages; left--)
            {
                if (!TryDequeue(out var envelope))
                {
                    break;
                }

                _cell.Invoke(envelope);
                if (Volatile.Read(ref _systemHead) is not null)
                {
                    ProcessSystemMessages();
                }
            }
        }
        finally
        {
            ActorCell.SetCurrent(null);
            Interlocked.Exchange(ref _status, Idle);
            if (HasWork())
            {
                TrySchedule();
            }
        }
    }

    private static SystemMessage? Reverse(SystemMessage? head)
    {
        SystemMessage? reversed = null;
        while (head is not null && !ReferenceEquals(head, ClosedMarker))
        {
            var next = head.Next;
            head.Next = reversed;
            reversed = head;
            head = next;
        }

        return reversed;
    }

    private ConcurrentQueue<Envelope> EnsureQueue()
    {
        Interlocked.CompareExchange(ref _queue, new ConcurrentQueue<Envelope>(), null);
        return _queue;
    }

    private void TrySchedule()
    {
        if (Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
        {
            if (_pinned is not null)
            {
                _pinned.Schedule();
            }
            else
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
        }
    }

    private bool HasWork()
    {
        var head = Volatile.Read(ref _systemHead);
        if (head is not null && !ReferenceEquals(head, ClosedMarker))
        {
            return true;
        }

        return !_closed && _cell.CanProcessUserMessages
            && ((_front is { Count: > 0 }) || (_queue is { IsEmpty: false }));
    }

    private bool TryDequeue(out Envelope envelope)
    {
        if (_front is { Count: > 0 })
        {
            envelope = _front.Pop();
            return true;
        }

        if (_queue is not null)
        {
            return _queue.TryDequeue(out envelope);
        }

        envelope = default;
        return false;
    }

    private void ProcessSystemMessages()
    {
        while (true)
        {
            var head = Volatile.Read(ref _systemHead);
            if (head is null || ReferenceEquals(head, ClosedMarker))
            {
                return;
            }

            if (!ReferenceEquals(Interlocked.CompareExchange(ref _systemHead, null, head), head))
            {
                continue;
            }

            var message = Reverse(head);
            while (message is not null)
            {
                var next = message.Next;
                message.Next = null;
                if (_closed)
                {
                    _cell.HandleSystemMessageWhenDead(message);
                }
                else
                {
                    _cell.SystemInvoke(message);
                }

                message = next;
            }
        }
    }

    private void HandleAsDead(SystemMessage? message)
    {
        while (message is not null)
        {
            var next = message.Next;
            message.Next = null;
            _cell.HandleSystemMessageWhenDead(message);
            message = next;
        }
    }

    private void DrainQueueToDeadLetters()
    {
        if (_queue is null)
        {
            return;
        }

        while (_queue.TryDequeue(out var envelope))
        {
            _cell.SendToDeadLetters(envelope);
        }
    }
}
