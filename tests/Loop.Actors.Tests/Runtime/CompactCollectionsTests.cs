namespace Loop.Actors.Tests.Runtime;

public sealed class CompactCollectionsTests
{
    [Fact]
    public void CompactSet_GrowsThroughSingleListAndHashSet_KeepsSetSemantics()
    {
        var set = default(CompactSet<string>);
        var items = Enumerable.Range(0, 20).Select(i => "item" + i).ToList();

        foreach (var item in items)
        {
            Assert.True(set.Add(item));
            Assert.False(set.Add(item));
        }

        Assert.Equal(20, set.Count);
        Assert.All(items, i => Assert.True(set.Contains(i)));
        Assert.Equal(items.Order(), set.ToArray().Order());
        Assert.True(set.Remove("item3"));
        Assert.False(set.Remove("item3"));
        Assert.False(set.Contains("item3"));
        Assert.Equal(19, set.Count);
    }

    [Fact]
    public void CompactSet_SingleElement_AddRemoveContains()
    {
        var set = default(CompactSet<string>);

        Assert.False(set.Remove("a"));
        Assert.True(set.Add("a"));
        Assert.Equal(["a"], set.ToArray());
        Assert.True(set.Remove("a"));
        Assert.Equal(0, set.Count);
        Assert.True(set.Add("b"));
        Assert.True(set.Add("c"));
        Assert.Equal(["b", "c"], set.ToArray());
    }

    [Fact]
    public async Task ChildTable_PastTheListLimit_StillFindsAndRemovesByName()
    {
        var system = ActorSystem.Create("table");
        try
        {
            var table = new ChildTable();
            var refs = Enumerable.Range(0, 20).Select(i => (LocalActorRef)system.ActorOf(Props.Create(() => new Idle()), "c" + i)).ToList();

            foreach (var r in refs)
            {
                Assert.True(table.TryAdd(r.Path.Name, new ChildRestartStats(r)));
                Assert.False(table.TryAdd(r.Path.Name, new ChildRestartStats(r)));
            }

            Assert.Equal(20, table.Count);
            Assert.True(table.TryGetValue("c15", out var found));
            Assert.Same(refs[15], found.Child);
            table.Remove("c15");
            Assert.False(table.TryGetValue("c15", out _));
            Assert.Equal(19, table.Values.Count());
        }
        finally
        {
            await system.Terminate().WaitAsync(TestKitSettings.DefaultTimeout);
        }
    }

    private sealed class Idle : ActorBase
    {
        protected override bool Receive(object message) => true;
    }
}
