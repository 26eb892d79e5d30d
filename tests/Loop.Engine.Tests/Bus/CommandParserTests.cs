using System.Text;
using Loop.Engine.Bus;

namespace Loop.Engine.Tests.Bus;

public sealed class CommandParserTests
{
    [Fact]
    public void Parse_WellFormed_IdCmdArgs()
    {
        var command = Parse("{\"id\":\"c-17\",\"cmd\":\"set_tick\",\"args\":{\"tick_ms\":250}}");

        Assert.Null(command.Error);
        Assert.Equal(("c-17", "set_tick", 250), (command.Id, command.Cmd, command.Args.GetProperty("tick_ms").GetInt32()));
    }

    [Theory]
    [InlineData("not json", "parse_error")]
    [InlineData("{\"cmd\":\"pause\"", "parse_error")]
    [InlineData("[1,2]", "not_an_object")]
    [InlineData("\"pause\"", "not_an_object")]
    [InlineData("42", "not_an_object")]
    [InlineData("{\"id\":\"a\"}", "invalid_args")]
    [InlineData("{\"cmd\":7}", "invalid_args")]
    [InlineData("{\"cmd\":\"pause\",\"id\":5}", "invalid_args")]
    [InlineData("{\"cmd\":\"pause\",\"args\":[1]}", "invalid_args")]
    [InlineData("{\"cmd\":\"pause\",\"extra\":1}", "invalid_args")]
    public void Parse_BadLine_ItsCode(string line, string code)
    {
        Assert.Equal(code, Parse(line).Error?.Code);
    }

    [Fact]
    public void Parse_InvalidUtf8_InvalidUtf8()
    {
        var command = CommandParser.Parse(new RawLine(3, [0x7b, 0xff, 0xfe, 0x7d], false));

        Assert.Equal("invalid_utf8", command.Error?.Code);
    }

    [Fact]
    public void Parse_TooLarge_TooLarge()
    {
        Assert.Equal("too_large", CommandParser.Parse(new RawLine(1, [], TooLarge: true)).Error?.Code);
    }

    [Fact]
    public void Parse_DeepNesting_ParseErrorNotAStackOverflow()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);

        Assert.Equal("parse_error", Parse("{\"cmd\":\"pause\",\"args\":{\"x\":" + deep + "}}").Error?.Code);
    }

    [Fact]
    public void Parse_BadLineWithReadableIdAndCmd_KeepsThemForTheAck()
    {
        var command = Parse("{\"id\":\"c-9\",\"cmd\":\"pause\",\"bogus\":true}");

        Assert.Equal(("c-9", "pause", "invalid_args"), (command.Id, command.Cmd, command.Error?.Code));
    }

    private static ParsedCommand Parse(string line) => CommandParser.Parse(new RawLine(1, Encoding.UTF8.GetBytes(line), false));
}
