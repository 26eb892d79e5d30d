using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Runtime;

public sealed class MessagingTests : ActorTest
{
    [Fact]
    public async Task Ask_ActorReplies_ReturnsReply()
    {
        var echo = System.ActorOf(Props.Create(() => new Echoer()));

        var reply = await echo.Ask<string>("hello", TestKitSettings.DefaultTimeout);

        Assert.Equal("hello", reply);
    }

    [Fact]
    public async Task Ask_NoReplyWithinTimeout_ThrowsAskTimeoutException()
    {
        var silent = System.ActorOf(Props.Create(() => new Silent()));
        var pending = silent.Ask<string>("anyone?", TimeSpan.FromSeconds(2));

        Clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(pending.IsCompleted);
        Clock.Advance(TimeSpan.FromSeconds(0.2));

        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => pending.WaitAsync(TestKitSettings.DefaultTimeout));
        Assert.Contains("no reply within 2000 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_ReplyIsStatusFailure_ThrowsItsCause()
    {
        var failing = System.ActorOf(Props.Create(() => new Echoer()));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => failing.Ask<string>(new StatusFailure(new InvalidOperationException("refused")), TestKitSettings.DefaultTimeout));

        Assert.Equal("refused", error.Message);
    }

    [Fact]
    public async Task Ask_ReplyOfWrongType_ThrowsInvalidCastException()
    {
        var echo = System.ActorOf(Props.Create(() => new Echoer()));

        await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<int>("not an int", TestKitSettings.DefaultTimeout));
    }

    [Fact]
    public async Task Forward_ThroughMiddleActor_KeepsOriginalSender()
    {
        var probe = CreateProbe();
        var echo = System.ActorOf(Props.Create(() => new Echoer()));
        var middle = System.ActorOf(Props.Create(() => new Forwarder(echo)));

        probe.Send(middle, "via middle");

        Assert.Equal("via middle", await probe.ExpectMsgAsync<string>());
        Assert.Same(echo, probe.LastSender);
    }

    [Fact]
    public async Task TellWithoutSender_InsideActor_UsesSelfAsSender()
    {
        var probe = CreateProbe();
        var teller = System.ActorOf(Props.Create(() => new ImplicitTeller(probe.Ref)));

        teller.Tell("go", ActorRefs.NoSender);

        await probe.ExpectMsgAsync("from inside");
        Assert.Same(teller, probe.LastSender);
    }

    [Fact]
    public async Task Become_NewBehaviour_ReplacesOldUntilUnbecome()
    {
        var probe = CreateProbe();
        var actor = System.ActorOf(Props.Create(() => new Switcher()));

        probe.Send(actor, "who?");
        await probe.ExpectMsgAsync("normal");
        probe.Send(actor, "switch");
        probe.Send(actor, "who?");
        await probe.ExpectMsgAsync("switched");
        probe.Send(actor, "back");
        probe.Send(actor, "who?");
        await probe.ExpectMsgAsync("normal");
    }

    [Fact]
    public async Task Stash_UnstashAll_ProcessesStashedInOriginalOrderBeforeLaterMessages()
    {
        var probe = CreateProbe();
        var actor = System.ActorOf(Props.Create(() => new Gate(probe.Ref)));

        foreach (var m in new[] { "a", "b", "c", "open", "d" })
        {
            actor.Tell(m, ActorRefs.NoSender);
        }

        foreach (var expected in new[] { "a", "b", "c", "d" })
        {
            await probe.ExpectMsgAsync(expected);
        }
    }

    [Fact]
    public async Task ReceiveAsync_AwaitingHandler_NextMessageWaitsForCompletion()
    {
        var probe = CreateProbe();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = System.ActorOf(Props.Create(() => new AsyncWorker(probe.Ref, release.Task)));

        actor.Tell("slow", ActorRefs.NoSender);
        actor.Tell("fast", ActorRefs.NoSender);
        await probe.ExpectMsgAsync("slow:started");
        await probe.ExpectNoMsgAsync(Short); // "fast" must wait although the handler yielded its thread

        release.SetResult();

        await probe.ExpectMsgAsync("slow:done");
        await probe.ExpectMsgAsync("fast:started");
        await probe.ExpectMsgAsync("fast:done");
    }

    [Fact]
    public async Task ReceiveAsync_Continuation_SeesOriginalSender()
    {
        var probe = CreateProbe();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = System.ActorOf(Props.Create(() => new AsyncWorker(probe.Ref, release.Task)));
        var asker = CreateProbe();

        asker.Send(actor, "reply-after-await");
        await probe.ExpectMsgAsync("reply-after-await:started");
        release.SetResult();

        await asker.ExpectMsgAsync("replied");
        Assert.Same(actor, asker.LastSender);
    }

    [Fact]
    public async Task ReceiveAsync_FaultedTask_IsTheActorsFailure()
    {
        var probe = CreateProbe();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = await SpawnSupervisedAsync(Props.Create(() => new AsyncWorker(probe.Ref, release.Task)), "async", probe);

        actor.Tell("fail-after-await", ActorRefs.NoSender);
        await probe.ExpectMsgAsync("fail-after-await:started");
        release.SetResult();

        await probe.ExpectMsgAsync("restarted");
    }

    [Fact]
    public async Task Receive_AfterConstruction_ThrowsClearError()
    {
        var late = System.ActorOf(Props.Create(() => new LateRegistrar()));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => late.Ask<string>("register", TestKitSettings.DefaultTimeout));

        Assert.Contains("only be registered in the constructor", error.Message, StringComparison.Ordinal);
    }

    private sealed class Echoer : ReceiveActor
    {
        public Echoer()
        {
            ReceiveAny(m => Sender.Tell(m, Self));
        }
    }

    private sealed class Silent : ReceiveActor
    {
        public Silent()
        {
            ReceiveAny(_ => { });
        }
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef target)
        {
            ReceiveAny(m => target.Forward(m));
        }
    }

    private sealed class ImplicitTeller : ReceiveActor
    {
        public ImplicitTeller(IActorRef target)
        {
            Receive<string>(_ => target.Tell("from inside"));
        }
    }

    private sealed class Switcher : ReceiveActor
    {
        public Switcher()
        {
            Receive<string>(s => s == "switch", _ => BecomeStacked(() =>
            {
                Receive<string>(s => s == "back", _ => UnbecomeStacked());
                Receive<string>(_ => Sender.Tell("switched", Self));
            }));
            Receive<string>(_ => Sender.Tell("normal", Self));
        }
    }

    private sealed class Gate : ReceiveActor
    {
        public Gate(IActorRef report)
        {
            Receive<string>(s => s == "open", _ =>
            {
                Become(() => Receive<string>(m => report.Tell(m, Self)));
                Stash.UnstashAll();
            });
            Receive<string>(_ => Stash.Stash());
        }
    }

    private sealed class AsyncWorker : ReceiveActor
    {
        private readonly IActorRef _report;

        public AsyncWorker(IActorRef report, Task release)
        {
            _report = report;
            ReceiveAsync<string>(async m =>
            {
                report.Tell(m + ":started", Self);
                await release;
                switch (m)
                {
                    case "reply-after-await":
                        Sender.Tell("replied", Self);
                        break;
                    case "fail-after-await":
                        throw new InvalidOperationException("async failure");
                    default:
                        report.Tell(m + ":done", Self);
                        break;
                }
            });
        }

        protected override void PostRestart(Exception reason) => _report.Tell("restarted", Self);
    }

    private sealed class LateRegistrar : ReceiveActor
    {
        public LateRegistrar()
        {
            Receive<string>(_ =>
            {
                try
                {
                    Receive<int>(_ => { });
                    Sender.Tell("registered", Self);
                }
                catch (InvalidOperationException ex)
                {
                    Sender.Tell(new StatusFailure(ex), Self);
                }
            });
        }
    }
}
