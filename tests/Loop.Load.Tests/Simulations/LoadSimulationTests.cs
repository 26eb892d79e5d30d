using Loop.Load.Simulations;

namespace Loop.Load.Tests.Simulations;

public sealed class LoadSimulationTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void DueSeconds_Inject_SpreadsCallsEvenlyOverEachInterval()
    {
        var inject = LoadSimulation.Inject(4, Second, TimeSpan.FromSeconds(2));

        var due = Enumerable.Range(0, 10).Select(k => inject.DueSeconds(k, 0)).ToList();

        Assert.Equal([0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, null, null], due);
    }

    [Fact]
    public void DueSeconds_RampingDown_EndsWhenTheRateRunsOut()
    {
        var ramp = LoadSimulation.RampingInject(0, Second, TimeSpan.FromSeconds(2));

        var calls = Enumerable.Range(0, 1000).TakeWhile(k => ramp.DueSeconds(k, 100) is not null).Count();

        Assert.InRange(calls, 99, 101); // the area under 100/s falling to 0 over 2 s
    }

    [Fact]
    public void CopiesAt_RampingConstant_MovesLinearlyFromThePreviousCount()
    {
        var ramp = LoadSimulation.RampingConstant(100, TimeSpan.FromSeconds(10));

        Assert.Equal(20, ramp.CopiesAt(0, 20));
        Assert.Equal(60, ramp.CopiesAt(0.5, 20));
        Assert.Equal(100, ramp.CopiesAt(1, 20));
    }

    [Fact]
    public void Inject_ZeroInterval_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadSimulation.Inject(10, TimeSpan.Zero, Second));
        Assert.Throws<ArgumentOutOfRangeException>(() => LoadSimulation.KeepConstant(10, TimeSpan.Zero));
    }
}
