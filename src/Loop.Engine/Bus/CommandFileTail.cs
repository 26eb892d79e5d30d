using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Loop.Engine.Output;

namespace Loop.Engine.Bus;

/// <summary>
/// The running tail of the spec's commands file: a <see cref="CommandFileSource"/> stream into the bus's
/// intake (<see cref="BusIntake"/>: one line at a time, when the bus takes it), stopped through its kill switch.
/// </summary>
internal sealed class CommandFileTail : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private readonly CommandFileTailState _state;
    private readonly UniqueKillSwitch _killSwitch;
    private readonly Task _done;

    private CommandFileTail(CommandFileTailState state, UniqueKillSwitch killSwitch, Task done)
    {
        _state = state;
        _killSwitch = killSwitch;
        _done = done;
    }

    /// <summary>Gets the byte offset the tail started at.</summary>
    public long StartedAt => _state.StartedAt;

    /// <summary>Gets the byte offset up to which the file was read and cut into lines.</summary>
    public long Offset => _state.Offset;

    /// <summary>
    /// Starts tailing <paramref name="path"/> (created, with its folder, when missing). With
    /// <paramref name="resume"/> (the journal's offset and line number of the last line acked) it goes
    /// on right after that line; a file now shorter than that was replaced and is read from its start.
    /// Without it (no journal has seen this file) it starts at the file's end: lines already there
    /// belong to earlier runs.
    /// </summary>
    public static CommandFileTail Start(string path, Sink<BusLine, NotUsed> intake, IActorRef events, IMaterializer materializer, (long Offset, long Line)? resume = null)
    {
        OutputFile.OpenForAppend(path, "bus.commands").Dispose();
        var length = new FileInfo(path).Length;
        void Announce(string detail) =>
            events.Tell(new EngineLifecycle("bus", new Dictionary<string, object?> { ["commands"] = Path.GetFullPath(path), ["detail"] = detail }), ActorRefs.NoSender);

        var (startAt, startLine) = resume ?? (length, 0L);
        if (startAt > length)
        {
            Announce($"commands file is shorter ({length} bytes) than where the last run stopped ({startAt}); reading it from its start");
            (startAt, startLine) = (0, 0);
        }

        var ((state, killSwitch), done) = Source.FromGraph(new CommandFileSource(path, startAt, startLine, Announce))
            .Select(static line => new BusLine(BusSource.File, line, null))
            .ViaMaterialized(KillSwitches.Single<BusLine>(), Keep.Both)
            .WatchTermination(Keep.Both)
            .To(intake)
            .Run(materializer);
        return new CommandFileTail(state, killSwitch, done);
    }

    /// <summary>
    /// <see cref="Start"/>, and where a first tail starts (no <paramref name="resume"/>) is journaled in
    /// <paramref name="journal"/>'s engine stream: lines appended while the engine is down are read by the next run
    /// even if none came while it ran.
    /// </summary>
    public static CommandFileTail StartJournaled(string path, Sink<BusLine, NotUsed> intake, IActorRef events, IMaterializer materializer, (long Offset, long Line)? resume, IActorRef journal)
    {
        var tail = Start(path, intake, events, materializer, resume);
        if (resume is null)
        {
            journal.Tell(new Persistence.JournalWriter.Lifecycle("tailing", new Dictionary<string, object?> { ["commands_offset"] = tail.StartedAt }), ActorRefs.NoSender);
        }

        return tail;
    }

    /// <summary>Stops reading: no line of the file reaches the bus after this.</summary>
    public async ValueTask DisposeAsync()
    {
        _killSwitch.Shutdown();
        try
        {
            await _done.WaitAsync(StopTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The stream's last line is still with a bus that does not answer (stopping too): nothing more is read.
        }
    }
}
