using System.Text.Json;
using Loop.Engine.Bus;

namespace Loop.Engine.Tests.Bus;

public sealed class RecentIdsTests
{
    [Fact]
    public void OverCapacity_OldestForgottenFirst_RepeatsDoNotCount()
    {
        var ids = new RecentIds { Capacity = 3 };

        foreach (var id in new[] { "a", "b", "a", "c", "d" })
        {
            ids.Add(id);
        }

        Assert.Equal(["b", "c", "d"], ids);
        Assert.False(ids.Contains("a"));
        Assert.True(ids.Contains("b"));
    }

    [Fact]
    public void LoweringCapacity_TrimsAtOnce_JsonKeepsTheOrder()
    {
        var ids = new RecentIds();
        foreach (var id in new[] { "x", "y", "z" })
        {
            ids.Add(id);
        }

        var back = JsonSerializer.Deserialize<RecentIds>(JsonSerializer.Serialize(ids))!;
        back.Capacity = 2;

        Assert.Equal("[\"x\",\"y\",\"z\"]", JsonSerializer.Serialize(ids));
        Assert.Equal(["y", "z"], back);
    }
}
