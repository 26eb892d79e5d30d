using System.Globalization;
using System.Diagnostics;
using System.Threading.Channels;
using Loop.Actors.Runtime;

namespace Loop.TestKit;

/// <summary>
/// A real actor under <c>/system</c> whose received messages a test inspects (Akka.TestKit's
/// <c>TestProbe</c>). Every expectation has an async form (preferred: it does not block a thread-pool
/// thread the actors under test need) and a blocking form. Default timeout: <see cref="TestKitSettings.DefaultTimeout"/>,
/// or the time left of an enclosing <see cref="WithinAsync(TimeSpan, TimeSpan, Func{Task})"/>.
/// </summary>
public sealed class TestProbe : IActorRef
{
    private static int Counter;
    private static readonly AsyncLocal<Deadline?> WithinDeadline = new();
    private readonly Channel<ReceivedMessage> _received = Channel.CreateUnbounded<ReceivedMessage>();

    /// <summary>Initializes a new probe in <paramref name="system"/>.</summary>
    /// <param name="system">The system under test.</param>
    /// <param name="name">The probe's name; generated when null.</param>
    public TestProbe(ActorSystem system, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        System = system;
        Ref = system.SystemActorOf(
            Props.Create(() => new ProbeActor(_received.Writer)),
            name ?? "testProbe-" + Interlocked.Increment(ref Counter).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Gets the system the probe lives in.</summary>
    public ActorSystem System { get; }

    /// <summary>Gets the probe's actor reference.</summary>
    public IActorRef Ref { get; }

    /// <inheritdoc />
    public ActorPath Path => Ref.Path;

    /// <summary>Gets the sender of the last message an expectation returned.</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.NoSender;

    /// <inheritdoc />
    public void Tell(object message, IActorRef sender) => Ref.Tell(message, sender);

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with the probe as sender.</summary>
    /// <param name="target">The receiver.</param>
    /// <param name="message">The message.</param>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Replies to <see cref="LastSender"/> with the probe as sender.</summary>
    /// <param name="message">The reply.</param>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Watches <paramref name="target"/>; its <see cref="Terminated"/> will arrive as a message.</summary>
    /// <param name="target">The actor to watch.</param>
    /// <returns>A task that completes once the watch is registered.</returns>
    public Task WatchAsync(IActorRef target)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Ref.Tell(new ProbeActor.WatchRequest(target, done), ActorRefs.NoSender);
        return done.Task;
    }

    /// <summary>Stops watching <paramref name="target"/>.</summary>
    /// <param name="target">The actor.</param>
    /// <returns>A task that completes once the watch is removed.</returns>
    public Task UnwatchAsync(IActorRef target)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Ref.Tell(new ProbeActor.UnwatchRequest(target, done), ActorRefs.NoSender);
        return done.Task;
    }

    /// <summary>Waits for the next message; it must be a <typeparamref name="T"/> that satisfies <paramref name="predicate"/>.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="predicate">An optional condition on the message.</param>
    /// <param name="timeout">How long to wait; the default when null.</param>
    /// <returns>The message.</returns>
    /// <exception cref="TestKitAssertionException">No message in time, or the wrong one.</exception>
    public async Task<T> ExpectMsgAsync<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null)
    {
        var wait = RemainingOr(timeout);
        var received = await ReceiveOneAsync(wait).ConfigureAwait(false)
            ?? throw new TestKitAssertionException($"Timeout ({wait.TotalMilliseconds:0} ms) while waiting for a message of type {typeof(T).Name}.");
        if (received.Message is not T typed)
        {
            throw new TestKitAssertionException($"Expected a message of type {typeof(T).Name} but got {Describe(received.Message)}.");
        }

        if (predicate is not null && !predicate(typed))
        {
            throw new TestKitAssertionException($"The message {Describe(typed)} did not satisfy the expected condition.");
        }

        return typed;
    }

    /// <summary>Waits for the next message; it must equal <paramref name="expected"/>.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="expected">The expected message.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The message.</returns>
    public async Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null)
    {
        var actual = await ExpectMsgAsync<T>(null, timeout).ConfigureAwait(false);
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            throw new TestKitAssertionException($"Expected {Describe(expected)} but got {Describe(actual)}.");
        }

        return actual;
    }

    /// <summary>Blocking form of <see cref="ExpectMsgAsync{T}(Func{T, bool}?, TimeSpan?)"/>.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="predicate">An optional condition.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The message.</returns>
    public T ExpectMsg<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null) =>
        ExpectMsgAsync(predicate, timeout).GetAwaiter().GetResult();

    /// <summary>Asserts that no message arrives during <paramref name="duration"/>.</summary>
    /// <param name="duration">How long to watch; the default is 100 ms (dilated).</param>
    /// <returns>A task.</returns>
    /// <exception cref="TestKitAssertionException">A message arrived.</exception>
    public async Task ExpectNoMsgAsync(TimeSpan? duration = null)
    {
        var wait = duration ?? TestKitSettings.Dilated(TimeSpan.FromMilliseconds(100));
        var received = await ReceiveOneAsync(wait).ConfigureAwait(false);
        if (received is { } message)
        {
            throw new TestKitAssertionException($"Expected no message within {wait.TotalMilliseconds:0} ms but got {Describe(message.Message)}.");
        }
    }

    /// <summary>Blocking form of <see cref="ExpectNoMsgAsync"/>.</summary>
    /// <param name="duration">How long to watch.</param>
    public void ExpectNoMsg(TimeSpan? duration = null) => ExpectNoMsgAsync(duration).GetAwaiter().GetResult();

    /// <summary>Expects the <see cref="Terminated"/> of <paramref name="target"/> (watch it first).</summary>
    /// <param name="target">The watched actor.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The message.</returns>
    public Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null) =>
        ExpectMsgAsync<Terminated>(t => ReferenceEquals(t.ActorRef, target), timeout);

    /// <summary>Receives messages, discarding them, until one satisfies <paramref name="isTheOne"/>.</summary>
    /// <param name="isTheOne">The condition.</param>
    /// <param name="timeout">How long to fish in all.</param>
    /// <returns>The first message that satisfied the condition.</returns>
    public async Task<object> FishForMessageAsync(Func<object, bool> isTheOne, TimeSpan? timeout = null)
    {
        var wait = RemainingOr(timeout);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var left = wait - deadline.Elapsed;
            var received = left > TimeSpan.Zero ? await ReceiveOneAsync(left).ConfigureAwait(false) : null;
            if (received is not { } message)
            {
                throw new TestKitAssertionException($"Timeout ({wait.TotalMilliseconds:0} ms) while fishing for a message.");
            }

            if (isTheOne(message.Message))
            {
                return message.Message;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="block"/> and asserts it took between <paramref name="min"/> and
    /// <paramref name="max"/> (max dilated); expectations inside default to the time left.
    /// </summary>
    /// <param name="min">The least time the block must take.</param>
    /// <param name="max">The most time the block may take.</param>
    /// <param name="block">The block.</param>
    /// <returns>A task.</returns>
    public async Task WithinAsync(TimeSpan min, TimeSpan max, Func<Task> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var dilatedMax = TestKitSettings.Dilated(max);
        var started = Stopwatch.StartNew();
        var previous = WithinDeadline.Value;
        WithinDeadline.Value = new Deadline(started, dilatedMax);
        try
        {
            await block().ConfigureAwait(false);
        }
        finally
        {
            WithinDeadline.Value = previous;
        }

        var took = started.Elapsed;
        if (took < min)
        {
            throw new TestKitAssertionException($"The block took {took.TotalMilliseconds:0} ms, less than the minimum {min.TotalMilliseconds:0} ms.");
        }

        if (took > dilatedMax)
        {
            throw new TestKitAssertionException($"The block took {took.TotalMilliseconds:0} ms, more than the maximum {dilatedMax.TotalMilliseconds:0} ms.");
        }
    }

    /// <summary>Runs <paramref name="block"/> and asserts it finished within <paramref name="max"/>.</summary>
    /// <param name="max">The most time the block may take.</param>
    /// <param name="block">The block.</param>
    /// <returns>A task.</returns>
    public Task WithinAsync(TimeSpan max, Func<Task> block) => WithinAsync(TimeSpan.Zero, max, block);

    /// <summary>Retries <paramref name="assertion"/> until it stops throwing or <paramref name="duration"/> is over.</summary>
    /// <param name="assertion">An assertion that throws while the condition does not hold yet.</param>
    /// <param name="duration">How long to keep trying; the default when null.</param>
    /// <param name="interval">The pause between tries (default 20 ms).</param>
    /// <returns>A task that fails with the assertion's last exception when time runs out.</returns>
    public static Task AwaitAssertAsync(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        return AwaitAssertAsync(
            () =>
            {
                assertion();
                return Task.CompletedTask;
            },
            duration,
            interval);
    }

    /// <summary>Retries an asynchronous <paramref name="assertion"/> (one that asks over HTTP, say) until it stops throwing or <paramref name="duration"/> is over.</summary>
    /// <param name="assertion">An assertion that throws while the condition does not hold yet.</param>
    /// <param name="duration">How long to keep trying; the default when null.</param>
    /// <param name="interval">The pause between tries (default 20 ms).</param>
    /// <returns>A task that fails with the assertion's last exception when time runs out.</returns>
    public static async Task AwaitAssertAsync(Func<Task> assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var limit = duration ?? TestKitSettings.DefaultTimeout;
        var pause = interval ?? TimeSpan.FromMilliseconds(20);
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (Exception) when (started.Elapsed < limit)
            {
                await Task.Delay(pause).ConfigureAwait(false);
            }
        }
    }

    private static string Describe(object? message) => message is null ? "null" : $"{message.GetType().Name} {message}";

    private static TimeSpan RemainingOr(TimeSpan? timeout)
    {
        if (timeout is { } explicitTimeout)
        {
            return explicitTimeout;
        }

        return WithinDeadline.Value is { } within ? within.Remaining : TestKitSettings.DefaultTimeout;
    }

    private async Task<ReceivedMessage?> ReceiveOneAsync(TimeSpan wait)
    {
        if (_received.Reader.TryRead(out var ready))
        {
            LastSender = ready.Sender;
            return ready;
        }

        using var cts = new CancellationTokenSource(wait > TimeSpan.Zero ? wait : TimeSpan.FromTicks(1));
        try
        {
            var message = await _received.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
            LastSender = message.Sender;
            return message;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private sealed record Deadline(Stopwatch Started, TimeSpan Max)
    {
        public TimeSpan Remaining
        {
            get
            {
                var left = Max - Started.Elapsed;
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }
}
