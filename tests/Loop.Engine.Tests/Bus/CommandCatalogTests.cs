using System.Text;
using Loop.Actors.Loop;
using Loop.Engine.Bus;
using Loop.Engine.Spec;

namespace Loop.Engine.Tests.Bus;

public sealed class CommandCatalogTests
{
    private static readonly LoopSpec Spec = SpecLoader.LoadDefault().Spec!;

    [Theory]
    [InlineData("{\"cmd\":\"pause\"}", typeof(LoopSupervisor.Pause))]
    [InlineData("{\"cmd\":\"resume\",\"args\":{}}", typeof(LoopSupervisor.Resume))]
    [InlineData("{\"cmd\":\"reset_metrics\"}", typeof(LoopSupervisor.ResetMetrics))]
    [InlineData("{\"cmd\":\"set_tick\",\"args\":{\"tick_ms\":250}}", typeof(LoopSupervisor.SetTick))]
    [InlineData("{\"cmd\":\"remove_adapter\",\"args\":{\"name\":\"a\"}}", typeof(LoopSupervisor.RemoveAdapter))]
    [InlineData("{\"cmd\":\"restart_adapter\",\"args\":{\"name\":\"a\"}}", typeof(LoopSupervisor.RestartAdapter))]
    [InlineData("{\"cmd\":\"enable_adapter\",\"args\":{\"name\":\"a\"}}", typeof(LoopSupervisor.EnableAdapter))]
    [InlineData("{\"cmd\":\"disable_adapter\",\"args\":{\"name\":\"a\"}}", typeof(LoopSupervisor.DisableAdapter))]
    [InlineData("{\"cmd\":\"inject_fault\",\"args\":{\"adapter\":\"a\",\"mode\":\"error\",\"count\":3}}", typeof(LoopSupervisor.InjectFault))]
    [InlineData("{\"cmd\":\"add_adapter\",\"args\":{\"name\":\"n\",\"kind\":\"synthetic\"}}", typeof(LoopSupervisor.AddAdapter))]
    [InlineData("{\"cmd\":\"add_adapter\",\"args\":{\"spec\":{\"name\":\"n\",\"kind\":\"synthetic\"}}}", typeof(LoopSupervisor.AddAdapter))]
    public void Validate_LoopCommands_TheLoopsMessage(string line, Type message)
    {
        var (action, error) = Validate(line);

        Assert.Null(error);
        Assert.Equal(BusActionKind.Loop, action!.Kind);
        Assert.IsType(message, action.LoopMessage);
    }

    [Theory]
    [InlineData("{\"cmd\":\"set_tick\"}", "needs \"tick_ms\"")]
    [InlineData("{\"cmd\":\"set_tick\",\"args\":{\"tick_ms\":\"fast\"}}", "integer from 10 to 3600000, not a string")]
    [InlineData("{\"cmd\":\"set_tick\",\"args\":{\"tick_ms\":1e300}}", "not 1e300")]
    [InlineData("{\"cmd\":\"set_tick\",\"args\":{\"tick_ms\":250,\"fast\":true}}", "unknown arg \"fast\"")]
    [InlineData("{\"cmd\":\"pause\",\"args\":{\"now\":true}}", "it takes no args")]
    [InlineData("{\"cmd\":\"remove_adapter\",\"args\":{\"name\":7}}", "non-empty string, not a number")]
    [InlineData("{\"cmd\":\"inject_fault\",\"args\":{\"adapter\":\"a\",\"mode\":\"melt\"}}", "one of timeout, error, crash")]
    [InlineData("{\"cmd\":\"inject_fault\",\"args\":{\"adapter\":\"a\",\"mode\":\"error\",\"count\":0}}", "count")]
    [InlineData("{\"cmd\":\"ack_block\",\"args\":{\"scope\":\"everything\"}}", "loop or adapter:<name>")]
    [InlineData("{\"cmd\":\"add_adapter\",\"args\":{\"name\":\"n\",\"kind\":\"synthetic\",\"timeout_ms\":-5}}", "adapter.timeout_ms: must be > 0 (got -5)")]
    [InlineData("{\"cmd\":\"add_adapter\",\"args\":{\"name\":\"n\",\"kind\":\"carrier-pigeon\"}}", "adapter.kind")]
    [InlineData("{\"cmd\":\"add_adapter\"}", "needs the adapter's spec")]
    public void Validate_WrongArgs_InvalidArgsSayingWhat(string line, string expected)
    {
        var (action, error) = Validate(line);

        Assert.Null(action);
        Assert.Equal("invalid_args", error!.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownCommand_UnknownCmdListingTheKnownOnes()
    {
        var (_, error) = Validate("{\"cmd\":\"explode\"}");

        Assert.Equal("unknown_cmd", error!.Code);
        Assert.Contains("inject_fault", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InjectFault_CountDefaultsToOne()
    {
        var (action, _) = Validate("{\"cmd\":\"inject_fault\",\"args\":{\"adapter\":\"a\",\"mode\":\"timeout\"}}");

        Assert.Equal(new LoopSupervisor.InjectFault("a", FaultMode.Timeout, 1), action!.LoopMessage);
    }

    private static (BusAction? Action, BusError? Error) Validate(string line) =>
        CommandCatalog.Validate(CommandParser.Parse(new RawLine(1, Encoding.UTF8.GetBytes(line), false)), Spec);
}
