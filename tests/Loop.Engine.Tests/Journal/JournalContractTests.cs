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
        var deleted = await journal.DeleteEventsUpToAsync("bus", snapshot!.Sequence, [], default);

        Assert.Equal((8L, "{\"at\":8}"), (snapshot.Sequence, snapshot.Payload));
        Assert.Equal(8, deleted);
        Assert.Equal([9L, 10], (await ReadAll(journal, "bus", 0)).Select(e => e.Sequence));
        Assert.Equal(1, (await journal.InfoAsync(default)).Snapshots); // the older snapshot went
        Assert.Null(await journal.LoadSnapshotAsync("nobody", default));
    }

    [Fact]
    public async Task Compaction_KeepsTheManifestsAskedFor_AndOtherOwnersEvents()
    {
        await using var journal = await OpenAsync();
        await journal.AppendAsync(
            [Event("engine", 1, "command"), Event("engine", 2, "adapter"), Event("engine", 3, "r-axis"), Event("engine", 4, "adapter"), Event("engine", 5, "adapter"), Event("other", 1, "adapter")],
            default);

        var deleted = await journal.DeleteEventsUpToAsync("engine", 4, ["command", "r-axis"], default);

        Assert.Equal(2, deleted);
        Assert.Equal([1L, 3, 5], (await ReadAll(journal, "engine", 0)).Select(e => e.Sequence));
        Assert.Single(await ReadAll(journal, "other", 0));
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

    [Fact]
    public async Task Reopen_EventsSurvive()
    {
        await using (var first = await OpenAsync())
        {
            await first.AppendAsync([Event("bus", 1), Event("bus", 2)], default);
        }

        await using var second = await OpenAsync();

        Assert.Equal([1L, 2], (await ReadAll(second, "bus", 0)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Open_SchemaNewerThanThisBinary_RefusedClearly()
    {
        await using (var journal = await OpenAsync())
        {
            await journal.AppendAsync([Event("bus", 1)], default);
        }

        await WriteSchemaVersionAsync(2); // as a newer loop would have

        var newer = Create();
        var error = await Assert.ThrowsAsync<JournalException>(() => newer.OpenAsync(default));
        await newer.DisposeAsync();

        Assert.Contains("schema version 2, newer than this loop knows (1)", error.Message, StringComparison.Ordinal);
    }

    private protected abstract IJournal Create();

    /// <summary>Records a schema version in the store behind the provider's back.</summary>
    private protected abstract Task WriteSchemaVersionAsync(int version);

    /// <summary>Opens the same store again (a restart).</summary>
    private protected async Task<IJournal> OpenAsync()
    {
        var journal = Create();
        await journal.OpenAsync(default);
        return journal;
    }

    private protected static JournalEvent Event(string id, long sequence, string manifest = "command") => new(id, sequence, manifest, $"{{\"n\":{sequence}}}", At);

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
