using Loop.Engine.Journal;

namespace Loop.Engine.Tests.Journal;

/// <summary>What every journal provider must do; each provider's test class runs all of it.</summary>
public abstract class JournalContractTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Append_ThenRead_InOrderAfterTheGivenSequence()
    {
        await using var journal = await OpenAsync();
        await journal.AppendAsync([Event("bus", 1), Event("bus", 2), Event("loop", 1)], default);
        await journal.AppendAsync([Event("bus", 3)], default);

        var all = await ReadAll(journal, "bus", 0);
        var after = await ReadAll(journal, "bus", 2);

        Assert.Equal([1L, 2, 3], all.Select(e => e.Sequence));
        Assert.Equal("{\"n\":2}", all[1].Payload);
        Assert.Equal(At, all[1].At);
        Assert.Equal([3L], after.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Append_SequenceAlreadyWritten_WholeBatchRefused()
    {
        await using var journal = await OpenAsync();
        await journal.AppendAsync([Event("bus", 1)], default);

        var error = await Assert.ThrowsAsync<JournalException>(() => journal.AppendAsync([Event("bus", 2), Event("bus", 1)], default));

        Assert.Contains("event 1 of 'bus' is already in the journal", error.Message, StringComparison.Ordinal);
        Assert.Equal([1L], (await ReadAll(journal, "bus", 0)).Select(e => e.Sequence)); // event 2 was not kept either
    }

    [Fact]
    public async Task Snapshot_LatestLoaded_EventsUpToItCompacted()
    {
        await using var journal = await OpenAsync();
        await journal.AppendAsync([.. Enumerable.Range(1, 10).Select(i => Event("bus", i))], default);
        await journal.SaveSnapshotAsync(new JournalSnapshot("bus", 4, "bus-state", "{\"at\":4}", At), default);
        await journal.SaveSnapshotAsync(new JournalSnapshot("bus", 8, "bus-state", "{\"at\":8}", At), default);

        var snapshot = await journal.LoadSnapshotAsync("bus", default);
        var deleted = await journal.DeleteEventsUpToAsync("bus", snapshot!.Sequence, default);

        Assert.Equal((8L, "{\"at\":8}"), (snapshot.Sequence, snapshot.Payload));
        Assert.Equal(8, deleted);
        Assert.Equal([9L, 10], (await ReadAll(journal, "bus", snapshot.Sequence)).Select(e => e.Sequence));
        Assert.Null(await journal.LoadSnapshotAsync("nobody", default));
    }

    [Fact]
    public async Task Info_CountsAndLastSequence()
    {
        await using var journal = await OpenAsync();
        await journal.AppendAsync([Event("bus", 1), Event("bus", 2), Event("loop", 7)], default);
        await journal.SaveSnapshotAsync(new JournalSnapshot("bus", 2, "bus-state", "{}", At), default);

        var info = await journal.InfoAsync(default);

        Assert.Equal((3L, 1L, 7L, 1), (info.Events, info.Snapshots, info.LastSequence, info.SchemaVersion));
        Assert.True(info.SizeBytes > 0);
    }

    private protected abstract IJournal Create();

    /// <summary>Opens the same store again (a restart).</summary>
    private protected async Task<IJournal> OpenAsync()
    {
        var journal = Create();
        await journal.OpenAsync(default);
        return journal;
    }

    private protected static JournalEvent Event(string id, long sequence) => new(id, sequence, "command-applied", $"{{\"n\":{sequence}}}", At);

    private protected static async Task<List<JournalEvent>> ReadAll(IJournal journal, string id, long after)
    {
        var events = new List<JournalEvent>();
        await foreach (var e in journal.ReadAsync(id, after, default))
        {
            events.Add(e);
        }

        return events;
    }
}
