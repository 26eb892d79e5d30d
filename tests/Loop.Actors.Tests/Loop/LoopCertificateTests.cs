using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;
using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Loop;

/// <summary>A tls adapter's certificate in the loop: WARN below warn_days, cleared once a renewed certificate is seen.</summary>
public sealed class LoopCertificateTests : LoopTest
{
    [Fact]
    public async Task CertificateBelowWarnDays_Warn_RenewedClearsIt()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var signals = Subscribe(typeof(RAxisSignal));
        var daysLeft = 5.0;
        var adapter = Scripted("site", (_, _) => Task.FromResult(AdapterCallResult.Ok with { CertificateExpires = Clock.GetUtcNow().AddDays(Volatile.Read(ref daysLeft)) })) with
        {
            CertificateWarnBefore = TimeSpan.FromDays(14),
        };
        await StartLoop(0, new RAxisThresholds { ClearFor = TimeSpan.FromSeconds(1), MinCallsForRate = 1 }, adapter);

        await AdvanceAndExpect(ticks, ok: 1);
        var warn = await signals.ExpectMsgAsync<RAxisSignal>();
        Assert.Equal(("adapter:site", RAxisLevel.Warn, "certificate expires in 5 days", 14.0), (warn.Scope, warn.Level, warn.Reason, warn.Threshold));
        Assert.Equal(5.0, warn.Observed, 3);

        Volatile.Write(ref daysLeft, 90);
        for (var i = 0; i < 10 && !signals.HasMessages; i++)
        {
            await AdvanceAndExpect(ticks, ok: 1);
        }

        var ok = await signals.ExpectMsgAsync<RAxisSignal>();
        Assert.Equal((RAxisLevel.Ok, RAxisLevel.Warn), (ok.Level, ok.Previous));
    }
}
