using System.Net;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>
/// The real engine when its journal fails under it (issue 12, items 4-5): a command that cannot be
/// journaled is not applied (journal_unavailable), the loop keeps ticking, /healthz and a metric say so,
/// and commands are applied again once the journal is back.
/// </summary>
public sealed class JournalFaultTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task PostgresUnreachable_CommandsRefusedNotApplied_HealthzDegraded_AppliedAgainOnceBack()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        await using var run = await BusRun.StartAsync(storage: $"{{ provider: postgres, connection: \"{database.ConnectionString}\" }}");

        // The server refuses this database from now on, and its open sessions end (as a stopped server would).
        await database.SetReachableAsync(false);
        run.Append("{\"id\":\"p1\",\"cmd\":\"pause\"}\n"); // its write is what finds the journal down
        await Healthz.WaitForAsync(run.Endpoint, HttpStatusCode.ServiceUnavailable, "degraded: journal", TimeSpan.FromSeconds(30));

        var ticksWhileDown = run.Ticks;
        using var refused = await Http.PostAsync(run.Endpoint + "/bus", BusContent.Of("{\"id\":\"d1\",\"cmd\":\"disable_adapter\",\"args\":{\"name\":\"a\"}}\n{\"cmd\":\"status\"}\n"));
        var acks = (await refused.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("\"code\":\"journal_unavailable\"", acks[0], StringComparison.Ordinal);
        Assert.Contains("\"ok\":true", acks[1], StringComparison.Ordinal); // a read still answers
        Assert.Contains("{\"name\":\"a\",\"state\":\"running\"", acks[1], StringComparison.Ordinal); // not applied
        Assert.Matches("resonance_journal_up 0\n", await Http.GetStringAsync(run.Endpoint + "/metrics"));
        await run.WaitForTicksAsync(ticksWhileDown + 5); // the loop never waited for it

        await database.SetReachableAsync(true);
        await Healthz.WaitForAsync(run.Endpoint, HttpStatusCode.OK, "ok", TimeSpan.FromSeconds(30));
        using var applied = await Http.PostAsync(run.Endpoint + "/bus", BusContent.Of("{\"id\":\"d1\",\"cmd\":\"disable_adapter\",\"args\":{\"name\":\"a\"}}\n"));
        var ack = await applied.Content.ReadAsStringAsync();
        Assert.Contains("\"ok\":true", ack, StringComparison.Ordinal);
        Assert.Contains("\"journal_seq\":", ack, StringComparison.Ordinal);

        // What was applied is journaled: it comes back after a crash, and nothing is applied twice.
        await run.KillHardAsync();
        await run.RestartAsync();
        var status = await run.StatusAsync();
        Assert.Equal("disabled", status.GetProperty("adapters").EnumerateArray().Single(static a => a.GetProperty("name").GetString() == "a").GetProperty("state").GetString());
        var before = run.Acks().Count;
        using var again = await Http.PostAsync(run.Endpoint + "/bus", BusContent.Of("{\"id\":\"d1\",\"cmd\":\"disable_adapter\",\"args\":{\"name\":\"a\"}}\n"));
        Assert.Contains("\"duplicate\":true", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Eventually.AssertAsync(() => Assert.True(run.Acks().Count > before)); // events.jsonl has it too (its writer flushes a moment after the reply)
    }

    [Fact]
    public async Task SqliteFileDeletedWhileRunning_Detected_HealthzDegraded_CommandsRefused()
    {
        await using var run = await BusRun.StartAsync();
        foreach (var file in Directory.GetFiles(Path.Combine(run.Path, "data"), "loop.db*"))
        {
            File.Delete(file);
        }

        await Healthz.WaitForAsync(run.Endpoint, HttpStatusCode.ServiceUnavailable, "deleted or replaced", TimeSpan.FromSeconds(15));

        using var response = await Http.PostAsync(run.Endpoint + "/bus", BusContent.Of("{\"id\":\"x1\",\"cmd\":\"pause\"}\n"));
        Assert.Contains("\"code\":\"journal_unavailable\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False((await run.StatusAsync()).GetProperty("loop").GetProperty("paused").GetBoolean());
        Assert.Contains("journal: down", run.Process.Stdout, StringComparison.Ordinal);
    }
}
