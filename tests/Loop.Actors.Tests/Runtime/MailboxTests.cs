using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Runtime;

public sealed class MailboxTests : ActorTest
{
    public MailboxTests()
        : base(realClock: true)
    {
    }

    [Fact]
    public async Task Tell_ManyMessagesFromOneSender_ArriveInSendOrder()
    {
        var probe = CreateProbe();
        var recorder = System.ActorOf(Props.Create(() => new Recorder(probe.Ref, 10_000)));

        for (var i = 0; i < 10_000; i++)
        {
            recorder.Tell(i, ActorRefs.NoSender);
        }

        var seen = await probe.ExpectMsgAsync<List<int>>();
        Assert.Equal(Enumerable.Range(0, 10_000), seen);
    }

    [Fact]
    [Trait("Category", "Stress")]
    public async Task Tell_MillionsFromSeveralSenders_NoneLostNoneReorderedNoStall()
    {
        // Guards the lost wake-up: with the scheduled flag cleared by a plain write, or without the
        // re-check after clearing it, a message can be left in the queue with nobody to run it and
        // this test hangs at a count short of the total.
        const int senders = 4;
        const int perSender = 500_000;
        var probe = CreateProbe();
        var counter = System.ActorOf(Props.Create(() => new PerSenderCounter(probe.Ref, senders, perSender)));

        var tasks = Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            for (var i = 0; i < perSender; i++)
            {
                counter.Tell(new Numbered(s, i), ActorRefs.NoSender);
                if ((i & 0xFFF) == 0)
                {
                    Thread.Yield(); // vary the interleaving so the mailbox goes idle and wakes often
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);

        var result = await probe.ExpectMsgAsync<string>(timeout: TestKitSettings.Dilated(TimeSpan.FromSeconds(30)));
        Assert.Equal($"ok {senders * perSender}", result);
    }

    [Fact]
    public async Task SystemMessage_Stop_OvertakesQueuedUserMessages()
    {
        var probe = CreateProbe();
        var gate = new ManualResetEventSlim(false);
        var actor = System.ActorOf(Props.Create(() => new Blocking(gate, probe.Ref)));
        await probe.WatchAsync(actor);
        actor.Tell("block", ActorRefs.NoSender);
        await probe.ExpectMsgAsync("blocked");

        for (var i = 0; i < 100; i++)
        {
            actor.Tell(i, ActorRefs.NoSender);
        }

        System.Stop(actor);
        gate.Set();

        // Stop is a system message: it runs before any of the 100 queued user messages.
        await probe.ExpectTerminatedAsync(actor);
        await probe.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task Execute_BusyActor_YieldsAfterThroughputMessagesPerTurn()
    {
        var probe = CreateProbe();
        var gate = new ManualResetEventSlim(false);
        var actor = System.ActorOf(Props.Create(() => new TurnRecorder(gate, probe.Ref)));
        actor.Tell("block", ActorRefs.NoSender);
        await probe.ExpectMsgAsync("blocked");
        for (var i = 0; i < 100; i++)
        {
            actor.Tell(i, ActorRefs.NoSender);
        }

        gate.Set();
        var turns = await probe.ExpectMsgAsync<Dictionary<long, int>>();

        // 101 messages, at most 30 per turn (Akka's throughput): at least 4 turns, none over 30.
        Assert.True(turns.Values.Max() <= ActorSystemSettings.DefaultThroughput, $"a turn processed {turns.Values.Max()} messages");
        Assert.True(turns.Count >= 4, $"only {turns.Count} turns");
        Assert.Equal(101, turns.Values.Sum());
    }

    private sealed record Numbered(int Sender, int Sequence);

    private sealed class Recorder : ReceiveActor
    {
        private readonly List<int> _seen = [];

        public Recorder(IActorRef report, int expected)
        {
            Receive<int>(i =>
            {
                _seen.Add(i);
                if (_seen.Count == expected)
                {
                    report.Tell(_seen, Self);
                }
            });
        }
    }

    private sealed class PerSenderCounter : ReceiveActor
    {
        private readonly int[] _next;
        private long _total;

        public PerSenderCounter(IActorRef report, int senders, int perSender)
        {
            _next = new int[senders];
            Receive<Numbered>(n =>
            {
                if (_next[n.Sender] != n.Sequence)
                {
                    report.Tell($"out of order: sender {n.Sender} expected {_next[n.Sender]} got {n.Sequence}", Self);
                }

                _next[n.Sender] = n.Sequence + 1;
                if (++_total == (long)senders * perSender)
                {
                    report.Tell($"ok {_total}", Self);
                }
            });
        }
    }

    private sealed class Blocking : ReceiveActor
    {
        public Blocking(ManualResetEventSlim gate, IActorRef report)
        {
            Receive<string>(_ =>
            {
                report.Tell("blocked", Self);
                gate.Wait(TestKitSettings.DefaultTimeout);
            });
            Receive<int>(i => report.Tell(i, Self));
        }
    }

    private sealed class TurnRecorder : ReceiveActor
    {
        private readonly Dictionary<long, int> _perTurn = [];

        public TurnRecorder(ManualResetEventSlim gate, IActorRef report)
        {
            var mailbox = ((LocalActorRef)Self).Cell.Mailbox;
            Receive<string>(_ =>
            {
                Count(mailbox.Turns);
                report.Tell("blocked", Self);
                gate.Wait(TestKitSettings.DefaultTimeout);
            });
            Receive<int>(i =>
            {
                Count(mailbox.Turns);
                if (i == 99)
                {
                    report.Tell(_perTurn, Self);
                }
            });
        }

        private void Count(long turn) => _perTurn[turn] = _perTurn.GetValueOrDefault(turn) + 1;
    }
}
