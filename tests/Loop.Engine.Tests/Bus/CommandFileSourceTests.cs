using System.Text;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit;
using Loop.Engine.Bus;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Bus;

/// <summary>
/// The commands-file tail as an Akka.Streams Source on a real file, feeding a probe that speaks the bus's
/// side of <see cref="BusIntakeProtocol"/>: lines in order, a line without its end waits, a truncated file
/// is read from its start, and a reader that takes nothing leaves the file's bytes in the file.
/// </summary>
public sealed class CommandFileSourceTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly ScratchDirectory _scratch = new();
    private readonly List<string> _announced = [];

    private string File => Path.Combine(_scratch.Path, "commands.jsonl");

    [Fact]
    public void Lines_InOrder_ALineWithoutItsEndWaitsForIt()
    {
        System.IO.File.WriteAllText(File, string.Empty);
        var (bus, _) = Start();

        Append("{\"cmd\":\"pause\"}\n{\"cmd\":\"resume\"}\n{\"cmd\":\"st");
        Assert.Equal("{\"cmd\":\"pause\"}", Take(bus));
        Assert.Equal("{\"cmd\":\"resume\"}", Take(bus));
        bus.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // half a line is not a line

        Append("atus\"}\n");
        Assert.Equal("{\"cmd\":\"status\"}", Text(bus.ExpectMsg<BusLine>(TimeSpan.FromSeconds(5))));
    }

    [Fact]
    public void Truncated_ReadFromItsStartWithAnAnnouncement()
    {
        System.IO.File.WriteAllText(File, "{\"cmd\":\"pause\"}\n{\"cmd\":\"resume\"}\n");
        var (bus, _) = Start(startAt: 0);
        Assert.Equal("{\"cmd\":\"pause\"}", Take(bus));
        Assert.Equal("{\"cmd\":\"resume\"}", Take(bus));

        System.IO.File.WriteAllText(File, "{\"cmd\":\"stop\"}\n"); // shorter than what was read
        bus.Reply(BusIntakeProtocol.Taken.Instance);

        var line = bus.ExpectMsg<BusLine>(TimeSpan.FromSeconds(5));
        Assert.Equal("{\"cmd\":\"stop\"}", Text(line));
        Assert.Equal(1, line.Line.Number);
        lock (_announced)
        {
            Assert.Contains("commands file truncated; reading it from its start", _announced);
        }
    }

    [Fact]
    public void BusTakesNothing_TheFloodStaysInTheFile_ThenArrivesWhole()
    {
        // ~10 MB of commands already in the file: a source that read ahead would hold them all in memory.
        const int Lines = 200_000;
        var flood = new StringBuilder();
        for (var i = 0; i < Lines; i++)
        {
            flood.Append("{\"id\":\"c").Append(i).Append("\",\"cmd\":\"status\",\"args\":{\"pad\":\"xxxxxxxxxx\"}}\n");
        }

        System.IO.File.WriteAllText(File, flood.ToString());
        var size = new FileInfo(File).Length;
        Assert.True(size > 10_000_000, $"{size} bytes");
        var (bus, state) = Start(startAt: 0);

        // One line handed over, none taken: what was read is one read's worth, whatever the wait.
        bus.ExpectMsg<BusLine>(TimeSpan.FromSeconds(5));
        var stream = bus.LastSender;
        bus.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.InRange(state.Offset, 1, CommandFileSource.ReadBytes);

        // Taken one by one, every line arrives, in order, and the whole file is read.
        stream.Tell(BusIntakeProtocol.Taken.Instance, bus.Ref);
        for (var i = 1; i < Lines; i++)
        {
            var line = bus.ExpectMsg<BusLine>(TimeSpan.FromSeconds(5));
            Assert.Equal(i + 1, line.Line.Number);
            bus.Reply(BusIntakeProtocol.Taken.Instance);
        }

        Assert.Equal(size, state.Offset);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _scratch.Dispose();
        }
    }

    private (TestProbe Bus, CommandFileTailState State) Start(long? startAt = null)
    {
        var bus = CreateTestProbe();
        var state = Source.FromGraph(new CommandFileSource(File, startAt ?? new FileInfo(File).Length, 0, Announce))
            .Select(static line => new BusLine(BusSource.File, line, null))
            .To(Sink.ActorRefWithAck<BusLine>(bus.Ref, BusIntakeProtocol.Started.Instance, BusIntakeProtocol.Taken.Instance, BusIntakeProtocol.Ended.Instance))
            .Run(Sys.Materializer());
        bus.ExpectMsg<BusIntakeProtocol.Started>(TimeSpan.FromSeconds(5));
        bus.Reply(BusIntakeProtocol.Taken.Instance);
        return (bus, state);
    }

    private void Announce(string detail)
    {
        lock (_announced)
        {
            _announced.Add(detail);
        }
    }

    private void Append(string text) => System.IO.File.AppendAllText(File, text);

    /// <summary>The next line's text, and the bus takes it.</summary>
    private static string Take(TestProbe bus)
    {
        var line = bus.ExpectMsg<BusLine>(TimeSpan.FromSeconds(5));
        bus.Reply(BusIntakeProtocol.Taken.Instance);
        return Text(line);
    }

    private static string Text(BusLine line) => Encoding.UTF8.GetString(line.Line.Bytes);
}
