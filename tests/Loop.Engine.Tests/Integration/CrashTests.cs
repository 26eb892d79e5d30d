using System.Text.Json;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>
/// kill -9 in the middle of a command stream (issue 7): 300 commands with ids go through the commands
/// file while the engine is killed after its Nth ack; restarted on the same data, it must have applied
/// every command exactly once, in order, and show the adapter set and pause state they add up to.
/// </summary>
public sealed class CrashTests
{
    private const int Commands = 300;

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(120)]
    [InlineData(200)]
    [InlineData(270)]
    public async Task Stream300_KillNineAfterNAcks_RestartAppliesEachExactlyOnceInOrder(int killAfter)
    {
        var commands = Enumerable.Range(1, Commands).Select(Command).ToList();
        await using var run = await BusRun.StartAsync();

        // The stream goes on while the engine dies and while it is down, as an operator's tool would.
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < Commands; i += 5)
            {
                run.Append(string.Concat(commands.Skip(i).Take(5).Select(static c => c.Line + "\n")));
                await Task.Delay(25);
            }
        });
        await run.WaitForAcksAsync(killAfter, TimeSpan.FromSeconds(30));
        await run.KillHardAsync();
        var ackedBeforeKill = run.Acks().Count;
        await writer;
        Assert.True(ackedBeforeKill < Commands, $"the engine acked all {Commands} before it was killed: no crash in the middle");

        await run.RestartAsync();
        await run.WaitForAcksAsync(Commands, TimeSpan.FromSeconds(60));
        await Task.Delay(300); // room for a stray extra ack, were one coming

        var acks = run.Acks();
        Assert.Equal(commands.Select(static c => c.Id), acks.Select(static a => a.GetProperty("id").GetString())); // each once, in order
        Assert.All(acks, a => Assert.True(BusRun.Code(a) == "ok", a.GetRawText()));
        Assert.All(acks, static a => Assert.False(a.TryGetProperty("duplicate", out _)));

        var (adapters, paused) = Expected(commands);
        var status = await run.StatusAsync();
        var shown = status.GetProperty("adapters").EnumerateArray().ToDictionary(static a => a.GetProperty("name").GetString()!, static a => a.GetProperty("state").GetString() == "disabled");
        Assert.Equal(adapters.OrderBy(static a => a.Key, StringComparer.Ordinal), shown.OrderBy(static a => a.Key, StringComparer.Ordinal));
        Assert.Equal(paused, status.GetProperty("loop").GetProperty("paused").GetBoolean());
    }

    /// <summary>A mix whose second application would show: adding or removing a name twice fails, toggles land elsewhere.</summary>
    private static (string Id, string Cmd, string? Name, string Line) Command(int k)
    {
        var id = $"c-{k:000}";
        var round = k / 6;
        var (cmd, name) = (k % 6) switch
        {
            1 => ("add_adapter", $"x{k}"),
            2 => ("disable_adapter", $"x{k - 1}"),
            3 => ("pause", null),
            4 => round % 2 == 0 ? ("enable_adapter", $"x{k - 3}") : ("status", null),
            5 => round % 3 != 0 ? ("resume", null) : ("status", null),
            _ => round % 4 == 1 ? ("remove_adapter", $"x{k - 5}") : ("status", (string?)null),
        };
        var args = cmd switch
        {
            "add_adapter" => $$$"""{"name":"{{{name}}}","kind":"synthetic","latency_ms":{"mean":1,"jitter":0}}""",
            _ when name is not null => $$"""{"name":"{{name}}"}""",
            _ => "{}",
        };
        return (id, cmd, name, $$"""{"id":"{{id}}","cmd":"{{cmd}}","args":{{args}}}""");
    }

    /// <summary>What the commands add up to, applied once each: adapters (name to disabled) and the pause.</summary>
    private static (Dictionary<string, bool> Adapters, bool Paused) Expected(IEnumerable<(string Id, string Cmd, string? Name, string Line)> commands)
    {
        var adapters = new Dictionary<string, bool> { ["a"] = false, ["b"] = false };
        var paused = false;
        foreach (var (_, cmd, name, _) in commands)
        {
            switch (cmd)
            {
                case "add_adapter": adapters.Add(name!, false); break;
                case "remove_adapter": adapters.Remove(name!); break;
                case "disable_adapter": adapters[name!] = true; break;
                case "enable_adapter": adapters[name!] = false; break;
                case "pause": paused = true; break;
                case "resume": paused = false; break;
            }
        }

        return (adapters, paused);
    }
}
