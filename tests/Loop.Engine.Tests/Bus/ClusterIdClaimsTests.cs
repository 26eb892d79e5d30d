using Loop.Engine.Bus;
using Microsoft.Extensions.Time.Testing;

namespace Loop.Engine.Tests.Bus;

/// <summary>The ids a cluster applied: the same id sent to two nodes is applied once.</summary>
public sealed class ClusterIdClaimsTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void ANewId_IsReserved_ASecondClaimMeanwhileIsADuplicate_NamingTheNode()
    {
        var claims = new ClusterIdClaims(new RecentIds(), _clock);

        Assert.Equal(new(true, null), claims.Claim("x", "10.0.0.1:4053"));
        Assert.Equal(new(false, "10.0.0.1:4053"), claims.Claim("x", "10.0.0.2:4053")); // under way on the first node
    }

    [Fact]
    public void Applied_KeptForGood_Refused_FreeAgain()
    {
        var claims = new ClusterIdClaims(new RecentIds(), _clock);
        claims.Claim("applied", "n1");
        claims.Claim("refused", "n1");

        Assert.True(claims.Settle("applied", applied: true)); // to be journaled
        Assert.False(claims.Settle("refused", applied: false));

        Assert.False(claims.Claim("applied", "n2").First);
        Assert.True(claims.Claim("refused", "n2").First);
        Assert.Equal(1, claims.Kept);
    }

    [Fact]
    public void AReservationNeverSettled_Lapses()
    {
        var claims = new ClusterIdClaims(new RecentIds(), _clock);
        claims.Claim("x", "n1"); // its node died mid-command

        _clock.Advance(ClusterIdClaims.ReservationLasts - TimeSpan.FromSeconds(1));
        Assert.False(claims.Claim("x", "n2").First);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(claims.Claim("x", "n2").First);
    }

    [Fact]
    public void KeptFromTheJournal_ADuplicate()
    {
        var kept = new RecentIds();
        kept.Add("old");

        Assert.False(new ClusterIdClaims(kept, _clock).Claim("old", "n1").First);
    }
}
