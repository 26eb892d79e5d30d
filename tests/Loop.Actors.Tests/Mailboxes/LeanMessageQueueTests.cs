using Akka.Dispatch.MessageQueues;
using Loop.Actors.Mailboxes;

namespace Loop.Actors.Tests.Mailboxes;

/// <summary>The adapters' mailbox queue: many producers, one consumer, nothing lost, each producer's order kept.</summary>
public sealed class LeanMessageQueueTests
{
    [Fact]
    public void Empty_NothingToTake()
    {
        var queue = new LeanMessageQueue();

        Assert.False(queue.HasMessages);
        Assert.Equal(0, queue.Count);
        Assert.False(queue.TryDequeue(out _));
    }

    [Fact]
    public void OneProducer_FirstInFirstOut()
    {
        var queue = new LeanMessageQueue();
        for (var i = 0; i < 100; i++)
        {
            queue.Enqueue(ActorRefs.Nobody, new Envelope(i, ActorRefs.NoSender));
        }

        Assert.True(queue.HasMessages);
        Assert.Equal(100, queue.Count);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(queue.TryDequeue(out var envelope));
            Assert.Equal(i, envelope.Message);
        }

        Assert.False(queue.HasMessages);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void EmptiedAndRefilledOverAndOver_EveryMessageOnceInOrder()
    {
        // An adapter's mailbox: one message, taken, empty again, every tick. Each time the queue empties
        // its stub goes back behind the last node.
        var queue = new LeanMessageQueue();
        for (var i = 0; i < 10_000; i++)
        {
            queue.Enqueue(ActorRefs.Nobody, new Envelope(i, ActorRefs.NoSender));
            if (i % 3 == 0)
            {
                queue.Enqueue(ActorRefs.Nobody, new Envelope(-i, ActorRefs.NoSender));
            }

            Assert.True(queue.TryDequeue(out var first));
            Assert.Equal(i, first.Message);
            if (i % 3 == 0)
            {
                Assert.True(queue.HasMessages);
                Assert.True(queue.TryDequeue(out var second));
                Assert.Equal(-i, second.Message);
            }

            Assert.False(queue.HasMessages);
            Assert.Equal(0, queue.Count);
            Assert.False(queue.TryDequeue(out _));
        }
    }

    [Fact]
    public async Task FourProducersOneConsumer_EveryMessageOnceInEachProducersOrder()
    {
        const int Producers = 4;
        const int PerProducer = 200_000;
        var queue = new LeanMessageQueue();
        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < PerProducer; i++)
            {
                queue.Enqueue(ActorRefs.Nobody, new Envelope((p, i), ActorRefs.NoSender));
            }
        })).ToArray();

        var next = new int[Producers];
        var taken = 0;
        var consumer = Task.Run(() =>
        {
            while (taken < Producers * PerProducer)
            {
                if (queue.TryDequeue(out var envelope))
                {
                    var (p, i) = ((int, int))envelope.Message;
                    Assert.Equal(next[p], i);
                    next[p]++;
                    taken++;
                }
            }
        });

        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromMinutes(1));
        await consumer.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.All(next, n => Assert.Equal(PerProducer, n));
        Assert.False(queue.HasMessages);
    }

    [Fact]
    public void CleanUp_WhatIsLeftGoesToDeadLetters()
    {
        var queue = new LeanMessageQueue();
        var deadLetters = new UnboundedMessageQueue();
        queue.Enqueue(ActorRefs.Nobody, new Envelope("a", ActorRefs.NoSender));
        queue.Enqueue(ActorRefs.Nobody, new Envelope("b", ActorRefs.NoSender));

        queue.CleanUp(ActorRefs.Nobody, deadLetters);

        Assert.Equal(2, deadLetters.Count);
        Assert.False(queue.HasMessages);
    }
}
