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

    /// <summary>The largest spec file read (a spec of 10,000 adapters is ~1 MB at most).</summary>
    public const int MaxSpecBytes = 1024 * 1024;

    /// <summary>The deepest nesting of mappings and lists a spec may have (a real one needs 5).</summary>
    public const int MaxDepth = 32;

    public static SpecLoadResult LoadFile(string path, SpecOverrides? overrides = null) =>
        YamlText.ReadFile(path, "spec", MaxSpecBytes, "--spec with a readable spec file", "a spec holds settings, not data (split it, or check that this is the right file)") is var (text, problem) && text is null
            ? Refused(path, problem!)
            : Parse(text!, path, overrides);

    private static SpecLoadResult Refused(string path, string message) => new(null, [new SpecProblem(path, 0, path, message)]);

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
        if (text.Length > MaxSpecBytes)
        {
            context.Add(1, "(spec)", $"larger than {MaxSpecBytes / 1024} KiB; a spec holds settings, not data");
            return new SpecLoadResult(null, context.Problems);
        }

        if (YamlText.ParseRoot(text, context, "(spec)", "must be a YAML mapping with the keys loop, exporter, bus, storage, output, r_axis, adapters") is not { } rootNode)
        {
            return new SpecLoadResult(null, context.Problems);
        }

        var root = new SpecMap(context, rootNode, string.Empty, 1);
        var loop = ReadLoop(root.Map("loop"), overrides, context);
        var exporter = ReadExporter(root.Map("exporter"), overrides, context);
        var busMap = root.Map("bus");
        var bus = ReadBus(busMap);
        var storage = ReadStorage(root.Map("storage"), overrides, context);
        var outputMap = root.Map("output");
        var output = new OutputSection(FilePath(outputMap, "metrics_csv", "logs/metrics.csv"), FilePath(outputMap, "log", "logs/engine.log"))
        {
            MaxSizeKb = (int)outputMap.Integer("max_size_kb", 64 * 1024, 16, 64 * 1024 * 1024, "must be between 16 (KiB) and 67108864 (64 GiB)"),
            Keep = (int)outputMap.Integer("keep", 5, 1, 1000, "must be between 1 and 1000 rolled files"),
        };
        outputMap.RejectUnknownKeys();
        var rAxis = ReadRAxis(root.Map("r_axis"));
        var alertmanager = ReadAlertmanager(root.Map("alertmanager"));
        var limits = ReadLimits(root.Map("limits"));
        var cluster = ReadCluster(root, storage, context);
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

        return new SpecLoadResult(new LoopSpec(file, loop, exporter, bus, storage, output, rAxis, adapters) { Alertmanager = alertmanager, Limits = limits, Cluster = cluster }, []);
    }

    private static BusSection ReadBus(SpecMap map)
    {
        var bus = new BusSection(FilePath(map, "commands", "controls/commands.jsonl"), FilePath(map, "events", "logs/events.jsonl"))
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

        var gcBetweenTicks = map.Boolean("gc_between_ticks", true);
        map.RejectUnknownKeys();
        return new LoopSection(name, tickMs, ticks, deadlineMs, spreadMs) { GcBetweenTicks = gcBetweenTicks };
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

        var tls = ReadTls(map);
        map.RejectUnknownKeys();
        return new ExporterSection(host, port, token) { Tls = tls };
    }

    /// <summary><c>exporter.tls: { certificate: FILE, key: FILE }</c>, loaded here so a bad pair is one line before anything runs.</summary>
    private static ExporterTls? ReadTls(SpecMap exporter)
    {
        if (!exporter.Has("tls"))
        {
            return null;
        }

        var map = exporter.Map("tls");
        var certificate = map.String("certificate", required: true);
        var key = map.String("key", required: true);
        map.RejectUnknownKeys();
        if (certificate is null || key is null)
        {
            return null;
        }

        var tls = new ExporterTls(certificate, key);
        try
        {
            tls.Load().Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            map.Problem("certificate", $"cannot load '{certificate}' with the key '{key}' ({ex.Message.ReplaceLineEndings(" ").Trim()}); give PEM files: a certificate and its private key");
        }

        return tls;
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

        if (provider == "sqlite" && SqliteFile(connection) is { } file && Files.FileKinds.NotAFile(file) is { } notAFile)
        {
            context.Add(map.LineOf("connection"), overrides.DataDirectory is null ? map.PathOf("connection") : "--data", $"the SQLite journal '{file}' {notAFile}");
        }

        var snapshotEvery = (int)map.Integer("snapshot_every", 10_000, 10, 10_000_000, "must be between 10 and 10000000 events");
        var dedupeIds = (int)map.Integer("dedupe_ids", 100_000, 1, 10_000_000, "must be between 1 and 10000000 ids");
        map.RejectUnknownKeys();
        return new StorageSection(provider, connection, snapshotEvery, dedupeIds);
    }

    /// <summary>
    /// A file the engine reads or writes: missing (it is created) or a regular file. A FIFO as the
    /// commands file would hang the start, /dev/zero would be read forever: refused here, in one line.
    /// </summary>
    private static string FilePath(SpecMap map, string key, string fallback)
    {
        var path = map.String(key, fallback)!;
        if (Files.FileKinds.NotAFile(path) is { } problem)
        {
            map.Problem(key, $"'{path}' {problem}");
        }

        return path;
    }

    private static string? SqliteFile(string connection)
    {
        try
        {
            var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection).DataSource;
            return string.IsNullOrEmpty(source) || source == ":memory:" ? null : source;
        }
        catch (ArgumentException)
        {
            return null; // the journal says what is wrong with it when it opens
        }
    }

    internal static bool IsLoopback(string host) =>
        host is "localhost" || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
}
