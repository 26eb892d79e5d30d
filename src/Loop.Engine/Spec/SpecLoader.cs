using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Loop.Engine.Spec;

/// <summary>
/// Loads a spec file into validated settings. Unknown keys, wrong types and impossible values are
/// all reported, each with its line and field path: <c>spec.yaml:7: adapters[2].timeout_ms: must be > 0 (got -5)</c>.
/// Relative paths in the spec are relative to the working directory.
/// </summary>
internal static partial class SpecLoader
{
    public const string DefaultPath = "specs/quick_loop_spec.yaml";
    public const string EmbeddedName = "quick_loop_spec.yaml";

    public static SpecLoadResult LoadFile(string path, SpecOverrides? overrides = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : ex.Message;
            return new SpecLoadResult(null, [new SpecProblem(path, 0, path, $"cannot read the spec: {reason}; pass --spec with a readable spec file")]);
        }

        return Parse(text, path, overrides);
    }

    /// <summary>The default spec: specs/quick_loop_spec.yaml when it is in the working directory, otherwise the copy embedded in the executable.</summary>
    public static SpecLoadResult LoadDefault(SpecOverrides? overrides = null)
    {
        if (File.Exists(DefaultPath))
        {
            return LoadFile(DefaultPath, overrides);
        }

        using var stream = typeof(SpecLoader).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new InvalidOperationException("the embedded default spec is missing from this build");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "<embedded " + EmbeddedName + ">", overrides);
    }

    public static SpecLoadResult Parse(string text, string file, SpecOverrides? overrides = null)
    {
        overrides ??= new SpecOverrides();
        var context = new SpecContext(file);
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            context.Add((int)ex.Start.Line, "(yaml)", $"not valid YAML: {FirstLine(ex.Message)}");
            return new SpecLoadResult(null, context.Problems);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode rootNode)
        {
            context.Add(1, "(spec)", "must be a YAML mapping with the keys loop, exporter, bus, storage, output, r_axis, adapters");
            return new SpecLoadResult(null, context.Problems);
        }

        var root = new SpecMap(context, rootNode, string.Empty, 1);
        var loop = ReadLoop(root.Map("loop"), overrides, context);
        var exporter = ReadExporter(root.Map("exporter"), overrides, context);
        var busMap = root.Map("bus");
        var bus = ReadBus(busMap);
        var storage = ReadStorage(root.Map("storage"), overrides, context);
        var outputMap = root.Map("output");
        var output = new OutputSection(outputMap.String("metrics_csv", "logs/metrics.csv")!, outputMap.String("log", "logs/engine.log")!);
        outputMap.RejectUnknownKeys();
        var rAxis = ReadRAxis(root.Map("r_axis"));
        var alertmanager = ReadAlertmanager(root.Map("alertmanager"));
        var limits = ReadLimits(root.Map("limits"));
        var adapters = ReadAdapters(root, loop, context);
        if (adapters.Count > limits.MaxAdapters)
        {
            context.Add(root.LineOf("adapters"), "adapters", $"{adapters.Count} adapters, more than limits.max_adapters ({limits.MaxAdapters}); raise the limit or split the spec");
        }

        root.RejectUnknownKeys();

        if (context.Problems.Count > 0)
        {
            return new SpecLoadResult(null, context.Problems.OrderBy(p => p.Line).ToList());
        }

        return new SpecLoadResult(new LoopSpec(file, loop, exporter, bus, storage, output, rAxis, adapters) { Alertmanager = alertmanager, Limits = limits }, []);
    }

    private static BusSection ReadBus(SpecMap map)
    {
        var bus = new BusSection(map.String("commands", "controls/commands.jsonl")!, map.String("events", "logs/events.jsonl")!)
        {
            AllowCommandAdapters = map.Boolean("allow_command_adapters", false),
            CommandAllowlist = map.Strings("command_allowlist"),
        };
        map.RejectUnknownKeys();
        return bus;
    }

    private static LimitsSection ReadLimits(SpecMap map)
    {
        var limits = new LimitsSection((int)map.Integer("max_adapters", 10_000, 1, 1_000_000, "must be between 1 and 1000000"));
        map.RejectUnknownKeys();
        return limits;
    }

    private static AlertmanagerSection ReadAlertmanager(SpecMap map)
    {
        var text = map.String("url", null);
        map.RejectUnknownKeys();
        if (text is null)
        {
            return new AlertmanagerSection((Uri?)null);
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            map.Problem("url", $"must be an http:// or https:// address like http://127.0.0.1:9093 (got \"{text}\")");
            return new AlertmanagerSection((Uri?)null);
        }

        return new AlertmanagerSection(url);
    }

    private static LoopSection ReadLoop(SpecMap map, SpecOverrides overrides, SpecContext context)
    {
        var name = map.String("name", "loop")!;
        var tickMs = (int)map.Integer("tick_ms", 200, 1, 3_600_000);
        var specTickMs = tickMs;
        if (overrides.TickMs is { } tickOverride)
        {
            if (tickOverride <= 0)
            {
                context.Add(0, "--tick-ms", $"must be > 0 (got {tickOverride})");
            }
            else
            {
                tickMs = tickOverride;
            }
        }

        var ticks = map.Integer("ticks", 0, 0, rule: "must be >= 0 (0 runs until stopped)");
        if (overrides.Ticks is { } ticksOverride)
        {
            if (ticksOverride < 0)
            {
                context.Add(0, "--ticks", $"must be >= 0 (0 runs until stopped) (got {ticksOverride})");
            }
            else
            {
                ticks = ticksOverride;
            }
        }

        // The deadline defaults to 150 ms, or three quarters of a shorter tick.
        var deadlineMs = (int)map.Integer("deadline_ms", Math.Min(150, Math.Max(1, tickMs * 3 / 4)), 1);
        if (overrides.DeadlineMs is { } deadlineOverride)
        {
            if (deadlineOverride <= 0 || deadlineOverride >= tickMs)
            {
                context.Add(0, "--deadline-ms", $"must be > 0 and < the tick ({tickMs} ms), so a tick ends before the next is due (got {deadlineOverride})");
            }

            deadlineMs = deadlineOverride;
        }
        else if (map.Has("deadline_ms") && deadlineMs >= tickMs && overrides.TickMs is not null && deadlineMs < specTickMs)
        {
            // --tick-ms shorter than the spec's deadline (the built-in spec's 150 ms with --tick-ms 50):
            // the user can't always edit the spec, so its deadline keeps its share of the tick.
            deadlineMs = Math.Max(1, (int)((long)deadlineMs * tickMs / specTickMs));
        }
        else if (map.Has("deadline_ms") && deadlineMs >= tickMs)
        {
            var from = overrides.TickMs is not null ? " from --tick-ms; or pass --deadline-ms" : string.Empty;
            context.Add(map.LineOf("deadline_ms"), map.PathOf("deadline_ms"), $"must be < tick_ms, so a tick ends before the next is due (got {deadlineMs}, tick_ms {tickMs}{from})");
        }

        var spreadMs = (int)map.Integer("spread_ms", 0, 0);
        if (spreadMs >= deadlineMs && spreadMs > 0)
        {
            context.Add(map.LineOf("spread_ms"), map.PathOf("spread_ms"), $"must be < deadline_ms, so every call starts before the deadline (got {spreadMs}, deadline_ms {deadlineMs})");
        }

        map.RejectUnknownKeys();
        return new LoopSection(name, tickMs, ticks, deadlineMs, spreadMs);
    }

    private static ExporterSection ReadExporter(SpecMap map, SpecOverrides overrides, SpecContext context)
    {
        var host = map.String("host", "127.0.0.1")!;
        var port = (int)map.Integer("port", 9108, 0, 65535, "must be between 0 (any free port) and 65535");
        if (overrides.Port is { } portOverride)
        {
            if (portOverride is < 0 or > 65535)
            {
                context.Add(0, "--port", $"must be between 0 (any free port) and 65535 (got {portOverride})");
            }
            else
            {
                port = portOverride;
            }
        }

        var token = map.String("token");
        if (token is null && !IsLoopback(host))
        {
            context.Add(map.LineOf("host"), map.PathOf("host"), $"binding to '{host}' (not loopback) needs exporter.token, so strangers cannot drive the engine");
        }

        map.RejectUnknownKeys();
        return new ExporterSection(host, port, token);
    }

    private static StorageSection ReadStorage(SpecMap map, SpecOverrides overrides, SpecContext context)
    {
        var provider = map.OneOf("provider", "sqlite", "sqlite", "postgres")!;
        var connection = map.String("connection", "Data Source=data/loop.db")!;
        if (overrides.DataDirectory is { } data)
        {
            if (provider == "sqlite")
            {
                connection = "Data Source=" + Path.Combine(data, "loop.db");
            }
            else
            {
                context.Add(0, "--data", $"names a folder for the SQLite journal, but storage.provider is {provider}; drop --data (storage.connection says where the journal is)");
            }
        }

        var snapshotEvery = (int)map.Integer("snapshot_every", 10_000, 10, 10_000_000, "must be between 10 and 10000000 events");
        var dedupeIds = (int)map.Integer("dedupe_ids", 100_000, 1, 10_000_000, "must be between 1 and 10000000 ids");
        map.RejectUnknownKeys();
        return new StorageSection(provider, connection, snapshotEvery, dedupeIds);
    }

    private static bool IsLoopback(string host) =>
        host is "localhost" || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
