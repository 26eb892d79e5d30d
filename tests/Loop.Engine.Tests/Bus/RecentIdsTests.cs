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

        Assert.Equal(3, ids.Count);
        Assert.False(ids.Contains("a"));
        Assert.All(new[] { "b", "c", "d" }, id => Assert.True(ids.Contains(id)));
    }

    [Fact]
    public void LoweringCapacity_TrimsAtOnce_JsonKeepsTheOrder()
    {
        var ids = new RecentIds();
        foreach (var id in new[] { "x", "y", "z" })
        {
            ids.Add(id);
        }

        var json = JsonSerializer.Serialize(ids);
        var back = JsonSerializer.Deserialize<RecentIds>(json)!;
        back.Capacity = 2;

        Assert.Equal(3 * 16, Convert.FromBase64String(JsonSerializer.Deserialize<string>(json)!).Length); // 16 bytes an id, whatever its length
        Assert.Equal(2, back.Count);
        Assert.False(back.Contains("x")); // the oldest went first: the order survived the round trip
        Assert.True(back.Contains("y") && back.Contains("z"));
    }

    [Fact]
    public void LongIds_SixteenBytesEach_StillTellApartIdsThatDifferInOneCharacter()
    {
        var ids = new RecentIds();
        var longId = new string('x', 5000);
        ids.Add(longId + "1");
        ids.Add("é-ü-日本"); // not ASCII: hashed as UTF-8

        Assert.True(ids.Contains(longId + "1"));
        Assert.False(ids.Contains(longId + "2"));
        Assert.True(ids.Contains("é-ü-日本"));
        Assert.False(ids.Contains("e-u-日本"));
        Assert.Equal(2 * 16, Convert.FromBase64String(JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(ids))!).Length);
    }

    [Fact]
    public void Copy_Independent()
    {
        var ids = new RecentIds { Capacity = 2 };
        ids.Add("a");
        var copy = ids.Copy();
        copy.Add("b");
        copy.Add("c");

        Assert.True(ids.Contains("a"));
        Assert.Equal(1, ids.Count);
        Assert.False(copy.Contains("a")); // same capacity: "a" was the oldest
    }
}
