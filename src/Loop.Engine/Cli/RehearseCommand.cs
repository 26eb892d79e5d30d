using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Loop.Engine.Cli;

/// <summary>
/// <c>loop send rehearse --adapter X --mode error --ticks N</c>: the source documents' fault drill on
/// a running engine. Injects the fault, watches the adapter's R-Axis level through /status until it is
/// back to OK, and reports what rose, which alerts Alertmanager held for the scope during the drill
/// (when the spec names one; polled every second),
/// and how long recovery took: from the last injected fault to OK. Exit 0 when it recovered in time.
/// </summary>
internal static class RehearseCommand
{
    private static readonly Option<string> Adapter = new("--adapter") { Description = "The adapter to fault.", Required = true };

    private static readonly Option<string> Mode = new("--mode") { Description = "timeout, error (a 504) or crash.", DefaultValueFactory = _ => "error" };

    private static readonly Option<int> Ticks = new("--ticks") { Description = "How many of its calls fail.", DefaultValueFactory = _ => 10 };

    private static readonly Option<int> TimeoutSeconds = new("--timeout") { Description = "Seconds to wait for recovery (windows and clear_for decide how long it takes).", DefaultValueFactory = _ => 600 };

    public static Command Create()
    {
        var command = new Command("rehearse", "Run a fault drill on one adapter and report what R-Axis and Alertmanager did and how long recovery took.");
        command.Options.Add(Adapter);
        command.Options.Add(Mode);
        command.Options.Add(Ticks);
        command.Options.Add(TimeoutSeconds);
        EngineAddress.AddTo(command);
        command.SetAction(async (parse, token) =>
        {
            var adapter = parse.GetValue(Adapter)!;
            var scope = "adapter:" + adapter;
            using var client = EngineAddress.Client(parse);
            var line = new JsonObject
            {
                ["id"] = $"rehearse-{Guid.NewGuid():N}",
                ["cmd"] = "inject_fault",
                ["args"] = new JsonObject { ["adapter"] = adapter, ["mode"] = parse.GetValue(Mode), ["count"] = parse.GetValue(Ticks) },
            };
            var (status, body) = await client.PostBusAsync(line.ToJsonString() + "\n", token).ConfigureAwait(false);
            if (status != 200 || !body.Contains("\"ok\":true", StringComparison.Ordinal))
            {
                throw new LoopCliException($"the drill could not start: {body.Trim()}", ExitCode.Failed);
            }

            var rose = new List<string>();
            var alertmanager = await AlertmanagerOfAsync(client, token).ConfigureAwait(false) ?? EngineAddress.Spec(parse).Alertmanager.Url;
            var received = new SortedSet<string>(StringComparer.Ordinal);
            using var alertmanagerHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var nextAlertPoll = TimeSpan.Zero;
            var watch = Stopwatch.StartNew();
            TimeSpan? lastFault = null;
            TimeSpan? recovered = null;
            var deadline = TimeSpan.FromSeconds(parse.GetValue(TimeoutSeconds));
            while (watch.Elapsed < deadline && recovered is null)
            {
                await Task.Delay(100, token).ConfigureAwait(false);
                var (_, json) = await client.GetStatusAsync(token).ConfigureAwait(false);
                using var document = JsonDocument.Parse(json);
                var level = document.RootElement.GetProperty("r_axis").TryGetProperty(scope, out var l) ? l.GetString()! : "OK";
                var faultsLeft = document.RootElement.GetProperty("adapters").EnumerateArray()
                    .Where(a => a.GetProperty("name").GetString() == adapter)
                    .Select(a => a.TryGetProperty("faults_left", out var f) ? f.GetInt32() : 0).FirstOrDefault();
                if (level != "OK" && !rose.Contains(level))
                {
                    rose.Add(level);
                }

                if (alertmanager is not null && watch.Elapsed >= nextAlertPoll)
                {
                    nextAlertPoll = watch.Elapsed + TimeSpan.FromSeconds(1);
                    received.UnionWith(await AlertsAsync(alertmanagerHttp, alertmanager, scope, token).ConfigureAwait(false));
                }

                // The last fault went out when the count reached 0 (seen within a poll and a tick).
                lastFault ??= faultsLeft == 0 ? watch.Elapsed : null;
                if (lastFault is { } last && level == "OK")
                {
                    if (rose.Count > 0)
                    {
                        recovered = watch.Elapsed;
                    }
                    else if (watch.Elapsed - last > TimeSpan.FromSeconds(2))
                    {
                        recovered = last; // nothing rose: nothing to recover from
                    }
                }
            }

            var report = new JsonObject
            {
                ["adapter"] = adapter,
                ["mode"] = parse.GetValue(Mode),
                ["ticks"] = parse.GetValue(Ticks),
                ["rose"] = new JsonArray([.. rose.Select(r => (JsonNode)JsonValue.Create(r)!)]),
                ["recovered"] = recovered is not null,
                ["recovery_ms"] = recovered is { } r && lastFault is { } f ? (long)(r - f).TotalMilliseconds : null,
                ["alertmanager"] = alertmanager is null ? null : new JsonArray([.. received.Select(a => (JsonNode)JsonValue.Create(a)!)]),
            };
            await parse.InvocationConfiguration.Output.WriteLineAsync(report.ToJsonString()).ConfigureAwait(false);
            return (int)(recovered is not null ? ExitCode.Ok : ExitCode.Failed);
        });
        return command;
    }

    /// <summary>The Alertmanager the running engine posts to, as its /status says (the spec at hand may not be the one it runs).</summary>
    private static async Task<Uri?> AlertmanagerOfAsync(EngineClient client, CancellationToken token)
    {
        var (status, json) = await client.GetStatusAsync(token).ConfigureAwait(false);
        if (status != 200)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("alertmanager", out var url) && url.ValueKind == JsonValueKind.String && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri)
            ? uri
            : null;
    }

    /// <summary>The alerts Alertmanager holds for the scope now, as "alertname/severity" (resolved ones are gone from its list).</summary>
    private static async Task<IEnumerable<string>> AlertsAsync(HttpClient http, Uri alertmanager, string scope, CancellationToken token)
    {
        try
        {
            var alerts = JsonNode.Parse(await http.GetStringAsync(new Uri(alertmanager, "api/v2/alerts"), token).ConfigureAwait(false))!.AsArray();
            return alerts.Where(a => a?["labels"]?["scope"]?.GetValue<string>() == scope)
                .Select(a => $"{a!["labels"]!["alertname"]!.GetValue<string>()}/{a["labels"]!["severity"]!.GetValue<string>()}")
                .ToList();
        }
        catch (HttpRequestException)
        {
            return []; // Alertmanager unreachable: nothing received (the engine counts its failures)
        }
    }
}
