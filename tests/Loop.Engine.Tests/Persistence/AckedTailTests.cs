using Loop.Engine.Persistence;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Persistence;

public sealed class AckedTailTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    private string EventsPath => Path.Combine(_scratch.Path, "events.jsonl");

    [Fact]
    public void LastAckWithJournalSeq_FoundBehindOtherLines()
    {
        File.WriteAllText(EventsPath, Lines(
            """{"type":"ack","ok":true,"journal_seq":7}""",
            """{"type":"ack","ok":true,"journal_seq":12}""",
            """{"type":"ack","ok":false,"source":"http"}""",
            """{"type":"r_axis","scope":"loop"}"""));

        Assert.Equal(12, AckedTail.LastJournalSequence(EventsPath));
    }

    [Fact]
    public void FileRolledSinceTheLastAck_FoundInTheNewestRolledFile()
    {
        // Issue 12, item 20: events.jsonl rolls; recovery must still find what was acked before the roll.
        File.WriteAllText(Path.Combine(_scratch.Path, "events.2.jsonl"), Lines("""{"type":"ack","journal_seq":3}"""));
        File.WriteAllText(Path.Combine(_scratch.Path, "events.1.jsonl"), Lines("""{"type":"ack","journal_seq":9}""", """{"type":"lifecycle","event":"bus"}"""));
        File.WriteAllText(EventsPath, Lines("""{"type":"r_axis","scope":"loop"}"""));

        Assert.Equal(9, AckedTail.LastJournalSequence(EventsPath));
    }

    [Fact]
    public void LineCutShortByACrash_DoesNotCount()
    {
        File.WriteAllText(EventsPath, Lines("""{"type":"ack","journal_seq":5}""") + """{"type":"ack","journal_seq":12""");

        Assert.Equal(5, AckedTail.LastJournalSequence(EventsPath));
    }

    [Fact]
    public void KeyAcrossAChunkBoundary_AndAMegabyteBack_StillFound()
    {
        // 1 MiB of other lines after the ack, sized so that a 64 KiB chunk boundary (counted from the end) falls at each byte of the ack.
        var ack = """{"type":"ack","journal_seq":31337}""" + "\n";
        for (var boundary = 0; boundary <= ack.Length; boundary++)
        {
            var tail = (16 * 65536) + boundary - ack.Length;
            File.WriteAllText(EventsPath, ack + new string('x', tail - 1) + "\n");
            Assert.Equal(31337, AckedTail.LastJournalSequence(EventsPath));
        }
    }

    [Fact]
    public void CutLineMadeWholeByTheNextRun_NumberNotClosed_DoesNotCount()
    {
        // The crash cut "journal_seq":123} after "12"; the next run ended that line before writing its own.
        File.WriteAllText(EventsPath, Lines("""{"type":"ack","journal_seq":100}""", """{"type":"ack","journal_seq":12""", """{"type":"lifecycle","event":"started"}"""));

        Assert.Equal(100, AckedTail.LastJournalSequence(EventsPath));
    }

    [Fact]
    public void NoFileOrNoAck_Zero()
    {
        Assert.Equal(0, AckedTail.LastJournalSequence(EventsPath));
        File.WriteAllText(EventsPath, Lines("""{"type":"lifecycle","event":"started"}"""));
        Assert.Equal(0, AckedTail.LastJournalSequence(EventsPath));
    }

    public void Dispose() => _scratch.Dispose();

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";
}
