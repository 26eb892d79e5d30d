using System.Globalization;
using System.Text;
using Akka.Streams;
using Loop.Engine.Bus;

namespace Loop.Engine.Tests.Bus;

/// <summary>
/// A POST /bus body through the bus's intake (the real MergeHub, a probe as the bus): the body is read only
/// as fast as the bus takes its lines, and the acks come back whole and in order.
/// </summary>
public sealed class StreamFeederTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public async Task RequestAsync_BusTakesNothing_TheBodyStaysUnread_ThenEveryAckInOrder()
    {
        const int Lines = 40_000; // ~10 MB
        var pad = new string('x', 220);
        var text = new StringBuilder();
        for (var i = 0; i < Lines; i++)
        {
            text.Append("{\"id\":\"h").Append(i.ToString(CultureInfo.InvariantCulture)).Append('-').Append(pad).Append("\",\"cmd\":\"resume\"}\n");
        }

        using var body = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
        var bus = CreateTestProbe();
        var materializer = Sys.Materializer();
        var intake = BusIntake.Start(bus.Ref, materializer);
        bus.ExpectMsg<BusIntakeProtocol.Started>(TimeSpan.FromSeconds(5));
        var hub = bus.LastSender;
        var acks = new List<string>();
        var request = StreamFeeder.RequestAsync(body, intake, materializer, ack =>
        {
            acks.Add(Encoding.UTF8.GetString(ack));
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        // The bus has not said Taken yet: what was read is a few buffers' worth, not the body.
        await Task.Delay(500);
        Assert.InRange(body.Position, 1, 256 * 1024);
        Assert.False(request.IsCompleted);

        // The bus takes each line and acks it: every line arrives, in order, and the reply has each ack once, in order.
        hub.Tell(BusIntakeProtocol.Taken.Instance, bus.Ref);
        for (var i = 0; i < Lines; i++)
        {
            var line = bus.ExpectMsg<ParsedLine>(TimeSpan.FromSeconds(5)).Line;
            Assert.Equal(i + 1, line.Line.Number);
            line.Reply!.SetResult(Encoding.UTF8.GetBytes("ack " + i.ToString(CultureInfo.InvariantCulture)));
            hub.Tell(BusIntakeProtocol.Taken.Instance, bus.Ref);
        }

        await request.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(body.Length, body.Position);
        Assert.Equal(Lines, acks.Count);
        Assert.Equal("ack 0", acks[0]);
        Assert.Equal($"ack {Lines - 1}", acks[^1]);
    }
}
