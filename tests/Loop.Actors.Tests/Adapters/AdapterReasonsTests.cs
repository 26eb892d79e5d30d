using Loop.Actors.Adapters;

namespace Loop.Actors.Tests.Adapters;

public sealed class AdapterReasonsTests
{
    [Theory]
    [InlineData(AdapterOutcome.Ok, null, "")]
    [InlineData(AdapterOutcome.Skipped, "parked", "")]
    [InlineData(AdapterOutcome.Timeout, "timed out", "timeout")]
    [InlineData(AdapterOutcome.Error, "HTTP 503", "status_503")]
    [InlineData(AdapterOutcome.Rejected, "HTTP 404", "status_404")]
    [InlineData(AdapterOutcome.Error, "status_502", "status_502")]
    [InlineData(AdapterOutcome.Error, "connect_refused", "connect_refused")]
    [InlineData(AdapterOutcome.Error, "ConnectionError", "connect_error")]
    [InlineData(AdapterOutcome.Error, "NameResolutionError", "dns_nxdomain")]
    [InlineData(AdapterOutcome.Error, "exit 3", "exit_3")]
    [InlineData(AdapterOutcome.Error, "crash: boom at /srv/secret/path", "crash")]
    [InlineData(AdapterOutcome.Error, "injected fault: 504 Gateway Timeout", "injected")]
    [InlineData(AdapterOutcome.Error, "cannot start '/bin/x': no such file", "cannot_start")]
    [InlineData(AdapterOutcome.Error, "HTTP 9999", "other")]
    [InlineData(AdapterOutcome.Error, "exit 300", "other")]
    [InlineData(AdapterOutcome.Error, "anything an adapter says", "other")]
    public void Of_Detail_ABoundedClassNeverFreeText(AdapterOutcome outcome, string? detail, string reason) =>
        Assert.Equal(reason, AdapterReasons.Of(outcome, detail));
}
