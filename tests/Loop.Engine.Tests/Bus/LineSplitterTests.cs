using System.Text;
using Loop.Engine.Bus;

namespace Loop.Engine.Tests.Bus;

public sealed class LineSplitterTests
{
    [Fact]
    public void Feed_PartialLine_WaitsForItsNewline()
    {
        var splitter = new LineSplitter();

        Assert.Empty(splitter.Feed("{\"cmd\":\"pa"u8));
        var lines = splitter.Feed("use\"}\n{\"cmd\""u8);

        var line = Assert.Single(lines);
        Assert.Equal((1L, "{\"cmd\":\"pause\"}"), (line.Number, Encoding.UTF8.GetString(line.Bytes)));
        Assert.Equal(6, splitter.PendingBytes);
    }

    [Fact]
    public void Feed_CrLf_CarriageReturnDropped()
    {
        var line = Assert.Single(new LineSplitter().Feed("{\"cmd\":\"status\"}\r\n"u8));

        Assert.Equal("{\"cmd\":\"status\"}", Encoding.UTF8.GetString(line.Bytes));
    }

    [Fact]
    public void Feed_LineOver64KiBAcrossChunks_ReportedOnceRestSkippedNextLineRead()
    {
        var splitter = new LineSplitter();
        var huge = new byte[40 * 1024];
        Array.Fill(huge, (byte)'x');

        var lines = new List<RawLine>();
        lines.AddRange(splitter.Feed(huge));
        lines.AddRange(splitter.Feed(huge));   // now over 64 KiB: reported here
        lines.AddRange(splitter.Feed(huge));   // still the same line: dropped
        lines.AddRange(splitter.Feed("tail\n{\"cmd\":\"status\"}\n"u8));

        Assert.Equal(2, lines.Count);
        Assert.Equal((1L, true), (lines[0].Number, lines[0].TooLarge));
        Assert.Equal((2L, false, "{\"cmd\":\"status\"}"), (lines[1].Number, lines[1].TooLarge, Encoding.UTF8.GetString(lines[1].Bytes)));
        Assert.Equal(0, splitter.PendingBytes);
    }

    [Fact]
    public void Feed_ExactlyTheLimit_Accepted()
    {
        var line = new byte[LineSplitter.MaxLineBytes + 1];
        Array.Fill(line, (byte)'a');
        line[^1] = (byte)'\n';

        var cut = Assert.Single(new LineSplitter().Feed(line));

        Assert.False(cut.TooLarge);
        Assert.Equal(LineSplitter.MaxLineBytes, cut.Bytes.Length);
    }

    [Fact]
    public void Finish_UnterminatedLastLine_Returned()
    {
        var splitter = new LineSplitter();
        splitter.Feed("{\"cmd\":\"stop\"}"u8);

        Assert.Equal("{\"cmd\":\"stop\"}", Encoding.UTF8.GetString(splitter.Finish()!.Value.Bytes));
        Assert.Null(splitter.Finish());
    }
}
