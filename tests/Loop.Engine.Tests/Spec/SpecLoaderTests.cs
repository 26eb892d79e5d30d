using Loop.Engine.Spec;

namespace Loop.Engine.Tests.Spec;

public sealed class SpecLoaderTests
{
    private const string Valid = """
        loop: { name: t, tick_ms: 200, ticks: 0, deadline_ms: 150 }
        adapters:
          - name: a
            kind: synthetic
            latency_ms: { mean: 5, jitter: 2 }
            failure_rate: 0.1
            seed: 3
          - name: h
            kind: http
            url: http://127.0.0.1:8080/health
            method: HEAD
            expect_status: 204
            timeout_ms: 100
          - name: c
            kind: command
            command: /bin/true
            args: [ "-x", "y" ]
            restart: { after_failures: 2, min_backoff: 250ms, max_backoff: 4m, multiplier: 2, random_factor: 0, max_retries: 5, reset_after: 1.5s }
        """;

    [Fact]
    public void Parse_ValidSpec_ReadsEveryValue()
    {
        var result = SpecLoader.Parse(Valid, "spec.yaml");

        Assert.Empty(result.Problems);
        var spec = result.Spec!;
        Assert.Equal(("t", 200, 0L, 150), (spec.Loop.Name, spec.Loop.TickMs, spec.Loop.Ticks, spec.Loop.DeadlineMs));
        Assert.Equal(3, spec.Adapters.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(5), spec.Adapters[0].Synthetic!.LatencyMean);
        Assert.Equal(3, spec.Adapters[0].Synthetic!.Seed);
        Assert.Equal(150, spec.Adapters[0].TimeoutMs); // defaults to the deadline
        Assert.Equal(("HEAD", 204, 100), (spec.Adapters[1].Http!.Method, spec.Adapters[1].Http!.ExpectStatus, spec.Adapters[1].TimeoutMs));
        Assert.Equal(["-x", "y"], spec.Adapters[2].Command!.Arguments);
        var restart = spec.Adapters[2].Restart;
        Assert.Equal((2, TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(4), 0.0, 5, TimeSpan.FromSeconds(1.5)),
            (restart.AfterFailures, restart.MinBackoff, restart.MaxBackoff, restart.RandomFactor, restart.MaxRetries, restart.ResetAfter));
        Assert.Equal(("127.0.0.1", 9108, "logs/metrics.csv", "logs/events.jsonl"), (spec.Exporter.Host, spec.Exporter.Port, spec.Output.MetricsCsv, spec.Bus.Events));
        Assert.Equal((60, 0.97), (spec.RAxis.WarnLatencyMs, spec.RAxis.WarnSuccessRate));
    }

    [Fact]
    public void LoadFile_ShippedQuickSpec_IsValid()
    {
        var result = SpecLoader.LoadFile(Path.Combine(RepoRoot(), "specs", "quick_loop_spec.yaml"));

        Assert.Empty(result.Problems);
        Assert.All(result.Spec!.Adapters, a => Assert.Equal("synthetic", a.Kind)); // no network needed
    }

    [Fact]
    public void Parse_TimeoutOfThirdAdapterNegative_NamesFileLineAndPath()
    {
        const string text = """
            loop: { tick_ms: 200 }
            adapters:
              - { name: a, kind: synthetic }
              - { name: b, kind: synthetic }
              - name: c
                kind: synthetic
                timeout_ms: -5
            """;

        var problem = Assert.Single(SpecLoader.Parse(text, "spec.yaml").Problems);

        Assert.Equal("spec.yaml:7: adapters[2].timeout_ms: must be > 0 (got -5)", problem.ToString());
    }

    [Theory]
    [InlineData("loop: { tick_ms: 0 }", "spec.yaml:1: loop.tick_ms: must be between 1 and 3600000 (got 0)")]
    [InlineData("loop: { tick_ms: 200, deadline_ms: 200 }", "spec.yaml:1: loop.deadline_ms: must be < tick_ms, so a tick ends before the next is due (got 200, tick_ms 200)")]
    [InlineData("loop: { tick_ms: fast }", "spec.yaml:1: loop.tick_ms: must be an integer (got fast)")]
    [InlineData("loop: { tick_ms: \"200\" }", "spec.yaml:1: loop.tick_ms: must be an integer (got \"200\")")]
    [InlineData("loop: { tick: 200 }", "spec.yaml:1: loop.tick: unknown key (known keys: name, tick_ms, ticks, deadline_ms, spread_ms, gc_between_ticks)")]
    [InlineData("loop: { gc_between_ticks: yes }", "spec.yaml:1: loop.gc_between_ticks: must be true or false (got yes)")]
    [InlineData("loops: {}", "spec.yaml:1: loops: unknown key (known keys: loop, exporter, bus, storage, output, r_axis, alertmanager, limits, cluster, adapters)")]
    [InlineData("storage: { provider: postgres, connection: x }\ncluster: { seed_nodes: ['127.0.0.1:4053'] }", "spec.yaml:2: cluster.port: is required: the remoting port other nodes reach this one at, like 4053")]
    [InlineData("storage: { provider: postgres, connection: x }\ncluster: { port: 4053 }", "spec.yaml:2: cluster.seed_nodes: is required: the nodes to join through, host:port each (list this node's own address on the first node)")]
    [InlineData("storage: { provider: postgres, connection: x }\ncluster: { port: 4053, seed_nodes: ['node-1'] }", "spec.yaml:2: cluster.seed_nodes: must be a list of host:port, like [\"10.0.0.1:4053\", \"10.0.0.2:4053\"] (got \"node-1\")")]
    [InlineData("storage: { provider: postgres, connection: x }\ncluster: { port: 4053, seed_nodes: ['127.0.0.1:4053'], roles: ['a b'] }", "spec.yaml:2: cluster.roles: must be names of letters, digits, '_' and '-' (got \"a b\")")]
    [InlineData("cluster: { port: 4053, seed_nodes: ['127.0.0.1:4053'] }", "spec.yaml:1: cluster: the nodes of a cluster share one journal, and a sqlite file belongs to one machine: set storage.provider: postgres and the same storage.connection on every node")]
    [InlineData("loop: 5", "spec.yaml:1: loop: must be a mapping of keys to values (got 5)")]
    [InlineData("exporter: { port: 70000 }", "spec.yaml:1: exporter.port: must be between 0 (any free port) and 65535 (got 70000)")]
    [InlineData("exporter: { host: 0.0.0.0 }", "spec.yaml:1: exporter.host: binding to '0.0.0.0' (not loopback) needs exporter.token, so strangers cannot drive the engine")]
    [InlineData("storage: { provider: mysql }", "spec.yaml:1: storage.provider: must be one of sqlite, postgres (got \"mysql\")")]
    [InlineData("r_axis: { clear_for: 30 }", "spec.yaml:1: r_axis.clear_for: must be a duration with a unit, like 250ms, 1s or 4m (got 30)")]
    [InlineData("r_axis: { adapter: { warn_success_rate: 1.5 } }", "spec.yaml:1: r_axis.adapter.warn_success_rate: must be between 0 and 1 (got 1.5)")]
    [InlineData("adapters: { name: a }", "spec.yaml:1: adapters: must be a list (got a mapping)")]
    [InlineData("adapters: [ { kind: synthetic } ]", "spec.yaml:1: adapters[0].name: is required")]
    [InlineData("adapters: [ { name: a } ]", "spec.yaml:1: adapters[0].kind: is required: synthetic, http, command, tcp, dns or tls")]
    [InlineData("adapters: [ { name: a, kind: ftp } ]", "spec.yaml:1: adapters[0].kind: must be one of synthetic, http, command, tcp, dns, tls (got \"ftp\")")]
    [InlineData("adapters: [ { name: 'a b', kind: synthetic } ]", "spec.yaml:1: adapters[0].name: must start with a letter or digit and hold only letters, digits, '_', '.' and '-', at most 64 (got \"a b\")")]
    [InlineData("adapters: [ { name: a, kind: http, url: 'ftp://x/y' } ]", "spec.yaml:1: adapters[0].url: must be an absolute http:// or https:// URL (got \"ftp://x/y\")")]
    [InlineData("adapters: [ { name: a, kind: http } ]", "spec.yaml:1: adapters[0].url: is required")]
    [InlineData("adapters: [ { name: a, kind: synthetic, url: 'http://x' } ]", "spec.yaml:1: adapters[0].url: unknown key for a synthetic adapter (known keys: name, kind, timeout_ms, every, every_failing, restart, latency_ms, failure_rate, crash_rate, seed)")]
    [InlineData("adapters: [ { name: a, kind: http, url: 'http://x', expect: { body_regex: '(unclosed' } } ]", "spec.yaml:1: adapters[0].expect.body_regex: is not a valid regular expression: Invalid pattern '(unclosed' at offset 9. Not enough )'s.")]
    [InlineData("adapters: [ { name: a, kind: http, url: 'http://x', expect: { json: { 'status': up } } } ]", "spec.yaml:1: adapters[0].expect.json.status: is not a JSON path this reads: $ then .name or [index] steps, like $.status or $.checks[0].state")]
    [InlineData("adapters: [ { name: a, kind: http, url: 'http://x', expect: { status: [200, 700] } } ]", "spec.yaml:1: adapters[0].expect.status: must be a list of statuses from 100 to 599, like [200, 204] (got 700)")]
    [InlineData("adapters: [ { name: a, kind: http, url: 'http://x', expect_status: 200, expect: { status: [204] } } ]", "spec.yaml:1: adapters[0].expect_status: and expect.status both set the ok statuses; keep one (expect.status takes a list)")]
    [InlineData("adapters: [ { name: example.org, kind: dns, record: CNAME } ]", "spec.yaml:1: adapters[0].record: CNAME needs a server to ask (the system's resolver answers addresses only); add server: \"ip:53\"")]
    [InlineData("adapters: [ { name: a, kind: dns, query: example.org, server: 'dns.internal:53' } ]", "spec.yaml:1: adapters[0].server: must be an IP address and port, like \"127.0.0.1:53\" or \"[::1]:53\" (got \"dns.internal:53\")")]
    [InlineData("adapters: [ { name: a, kind: tcp, target: 'db.internal' } ]", "spec.yaml:1: adapters[0].target: must be host:port with a port from 1 to 65535, like \"db.internal:5432\" or \"[::1]:6379\" (got \"db.internal\")")]
    [InlineData("adapters: [ { name: a, kind: tcp, target: 'db:70000' } ]", "spec.yaml:1: adapters[0].target: must be host:port with a port from 1 to 65535, like \"db.internal:5432\" or \"[::1]:6379\" (got \"db:70000\")")]
    [InlineData("adapters: [ { name: a, kind: synthetic, every: 300ms } ]", "spec.yaml:1: adapters[0].every: must be a whole number of ticks (loop.tick_ms is 200 ms: 200ms, 1s, 10s...; got 300ms)")]
    [InlineData("adapters: [ { name: a, kind: synthetic, every: 10s, every_failing: 50ms } ]", "spec.yaml:1: adapters[0].every_failing: must be a whole number of ticks (loop.tick_ms is 200 ms: 200ms, 1s, 10s...; got 50ms)")]
    [InlineData("adapters: [ { name: a, kind: synthetic, failure_rate: -0.1 } ]", "spec.yaml:1: adapters[0].failure_rate: must be between 0 and 1 (got -0.1)")]
    [InlineData("adapters: [ { name: a, kind: synthetic, restart: { min_backoff: -1s } } ]", "spec.yaml:1: adapters[0].restart.min_backoff: must be > 0 (got -1s)")]
    [InlineData("adapters: [ { name: a, kind: synthetic, restart: { min_backoff: 5s, max_backoff: 1s } } ]", "spec.yaml:1: adapters[0].restart.max_backoff: must be >= min_backoff (got 1s < 5s)")]
    [InlineData("adapters: [ { name: a, kind: synthetic, restart: { multiplier: 3 } } ]", "spec.yaml:1: adapters[0].restart.multiplier: must be 2: Akka's BackoffSupervisor doubles the delay at each restart; remove the key or set 2 (got 3)")]
    [InlineData("adapters: [ { name: a, kind: synthetic, restart: { after_failures: 0 } } ]", "spec.yaml:1: adapters[0].restart.after_failures: must be between 1 and 1000 (got 0)")]
    [InlineData("adapters: [ { name: a, kind: command, command: x, args: [ [1] ] } ]", "spec.yaml:1: adapters[0].args: must be a list of strings (got a list in it)")]
    public void Parse_InvalidValue_OneProblemNamingFieldAndRule(string text, string expected)
    {
        var result = SpecLoader.Parse(text, "spec.yaml");

        Assert.Null(result.Spec);
        Assert.Equal(expected, Assert.Single(result.Problems).ToString());
    }

    [Fact]
    public void Parse_DuplicateAdapterNames_PointsAtTheFirstUse()
    {
        const string text = """
            adapters:
              - { name: twin, kind: synthetic }
              - { name: other, kind: synthetic }
              - { name: twin, kind: synthetic }
            """;

        var problem = Assert.Single(SpecLoader.Parse(text, "s.yaml").Problems);

        Assert.Equal("s.yaml:4: adapters[2].name: duplicate adapter name 'twin' (first used at line 2); names must be unique", problem.ToString());
    }

    [Fact]
    public void Parse_ManyProblems_ListsEveryOneInLineOrder()
    {
        const string text = """
            loop: { tick_ms: -1, bogus: 1 }
            exporter: { port: -1 }
            adapters:
              - { name: a, kind: synthetic, crash_rate: 2 }
              - { name: b, kind: http, url: nope }
            """;

        var problems = SpecLoader.Parse(text, "s.yaml").Problems.Select(p => p.ToString()).ToList();

        Assert.Equal(5, problems.Count);
        Assert.Equal([1, 1, 2, 4, 5], problems.Select(p => int.Parse(p.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Parse_BrokenYaml_ReportsTheLine()
    {
        var problem = Assert.Single(SpecLoader.Parse("loop:\n  tick_ms: 200\n  name: [unclosed\n", "s.yaml").Problems);

        Assert.StartsWith("s.yaml:", problem.ToString(), StringComparison.Ordinal);
        Assert.Contains("not valid YAML", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_TickMsBelowTheSpecsDeadline_DeadlineKeepsItsShareOfTheTick()
    {
        // Issue 12, item 17: the built-in spec (200/150) with --tick-ms 50 is not the user's to fix.
        var result = SpecLoader.Parse("loop: { tick_ms: 200, deadline_ms: 150 }", "s.yaml", new SpecOverrides(TickMs: 50));

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal((50, 37), (result.Spec!.Loop.TickMs, result.Spec.Loop.DeadlineMs));
    }

    [Fact]
    public void Overrides_DeadlineMs_ReplacesTheSpecs_NotBelowTheTick_NamesTheFlag()
    {
        var spec = SpecLoader.Parse("loop: { tick_ms: 200, deadline_ms: 150 }", "s.yaml", new SpecOverrides(TickMs: 50) { DeadlineMs = 20 }).Spec!;
        var tooLong = SpecLoader.Parse("loop: { tick_ms: 200 }", "s.yaml", new SpecOverrides { DeadlineMs = 200 });
        var ownTickTooShort = SpecLoader.Parse("loop: { tick_ms: 200, deadline_ms: 250 }", "s.yaml", new SpecOverrides(TickMs: 100));

        Assert.Equal(20, spec.Loop.DeadlineMs);
        Assert.Equal("--deadline-ms: must be > 0 and < the tick (200 ms), so a tick ends before the next is due (got 200)", Assert.Single(tooLong.Problems).ToString());
        Assert.Contains("or pass --deadline-ms", Assert.Single(ownTickTooShort.Problems).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_Valid_ReplaceSpecValues()
    {
        var spec = SpecLoader.Parse("loop: { tick_ms: 200 }", "s.yaml", new SpecOverrides(Ticks: 9, TickMs: 100, Port: 9200, DataDirectory: "/tmp/d")).Spec!;

        Assert.Equal((9L, 100, 75, 9200, "Data Source=/tmp/d/loop.db"), (spec.Loop.Ticks, spec.Loop.TickMs, spec.Loop.DeadlineMs, spec.Exporter.Port, spec.Storage.Connection));
    }

    [Fact]
    public void Storage_DefaultsAndBounds_DataWithPostgresRefused()
    {
        var defaults = SpecLoader.Parse("loop: { tick_ms: 200 }", "s.yaml").Spec!.Storage;
        var tooFew = SpecLoader.Parse("storage: { snapshot_every: 5 }", "s.yaml");
        var postgresWithData = SpecLoader.Parse("storage: { provider: postgres, connection: \"Host=db\" }", "s.yaml", new SpecOverrides(DataDirectory: "/tmp/d"));

        Assert.Equal(("sqlite", "Data Source=data/loop.db", 10_000, 100_000), (defaults.Provider, defaults.Connection, defaults.SnapshotEvery, defaults.DedupeIds));
        Assert.Contains("storage.snapshot_every: must be between 10 and 10000000 events", Assert.Single(tooFew.Problems).ToString(), StringComparison.Ordinal);
        Assert.Contains("--data: names a folder for the SQLite journal, but storage.provider is postgres", Assert.Single(postgresWithData.Problems).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HttpExpect_EveryCondition()
    {
        var spec = SpecLoader.Parse("adapters: [ { name: a, kind: http, url: 'http://x/health', expect: { status: [200, 204], body_contains: up, body_regex: 'ms.:[0-9]+', json: { '$.ok': true, '$.checks[0].ms': 12, '$.gone': null }, header: X-Version, max_ms: 300 } } ]", "spec.yaml");

        var expect = Assert.Single(spec.Spec!.Adapters).Http!.Expect!;

        Assert.Equal([200, 204], expect.Status);
        Assert.Equal(("up", "ms.:[0-9]+", "X-Version", TimeSpan.FromMilliseconds(300)), (expect.BodyContains, expect.BodyRegex!.ToString(), expect.Header, expect.MaxTime));
        Assert.Equal([new("$.ok", "true"), new("$.checks[0].ms", "12"), new("$.gone", "null")], expect.Json);
    }

    [Fact]
    public void Parse_ExpectStatusBesideOtherConditions_StillDecidesTheStatus()
    {
        var spec = SpecLoader.Parse("adapters: [ { name: a, kind: http, url: 'http://x/', expect_status: 204, expect: { header: X-Version } } ]", "spec.yaml");

        Assert.Equal([204], Assert.Single(spec.Spec!.Adapters).Http!.Expect!.Status);
    }

    [Fact]
    public void Parse_Every_WholeTicks_EveryFailingDefaultsToEvery()
    {
        var spec = SpecLoader.Parse("adapters: [ { name: a, kind: synthetic, every: 10s }, { name: b, kind: synthetic, every: 1m, every_failing: 1s }, { name: c, kind: synthetic } ]", "spec.yaml").Spec!;

        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)), (spec.Adapters[0].Every, spec.Adapters[0].EveryFailing));
        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1)), (spec.Adapters[1].Every, spec.Adapters[1].EveryFailing));
        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero), (spec.Adapters[2].Every, spec.Adapters[2].EveryFailing));
    }

    [Fact]
    public void GcBetweenTicks_OnByDefault_OffWhenFalse_TheLoopPacesOnlyWhenOn()
    {
        var byDefault = SpecLoader.Parse("adapters: [ { name: a, kind: synthetic } ]", "spec.yaml").Spec!;
        var off = SpecLoader.Parse("loop: { gc_between_ticks: false }\nadapters: [ { name: a, kind: synthetic } ]", "spec.yaml").Spec!;

        Assert.Equal((true, false), (byDefault.Loop.GcBetweenTicks, off.Loop.GcBetweenTicks));
        Assert.True(Loop.Engine.Hosting.LoopOptionsFactory.Create(byDefault).GcBetweenTicks);
        var unpaced = Loop.Engine.Hosting.LoopOptionsFactory.Create(off);
        Assert.False(unpaced.GcBetweenTicks);
        Assert.Same(Loop.Actors.Loop.RuntimeGarbageCollector.Instance, unpaced.GarbageCollector); // still watched: the runtime's collections are counted
    }

    [Fact]
    public void Cluster_ReadIntoItsSection_ANodeTicksOnTheWallClocksGrid()
    {
        var alone = SpecLoader.Parse("adapters: [ { name: a, kind: synthetic } ]", "spec.yaml").Spec!;
        var node = SpecLoader.Parse("storage: { provider: postgres, connection: x }\ncluster: { hostname: 10.0.0.2, port: 4054, seed_nodes: ['10.0.0.1:4053', '[::1]:4053'], roles: [probe] }\nadapters: [ { name: a, kind: synthetic } ]", "spec.yaml").Spec!;

        Assert.Null(alone.Cluster);
        Assert.Equal("10.0.0.2:4054", node.Cluster!.Node);
        Assert.Equal(["akka.tcp://loop@10.0.0.1:4053", "akka.tcp://loop@[::1]:4053"], node.Cluster.SeedAddresses);
        Assert.Equal(["probe"], node.Cluster.Roles);
        Assert.Equal((false, true), (Loop.Engine.Hosting.LoopOptionsFactory.Create(alone).WallClockGrid, Loop.Engine.Hosting.LoopOptionsFactory.Create(node).WallClockGrid));
    }

    [Fact]
    public void LoadFile_Missing_OneClearProblem()
    {
        var problem = Assert.Single(SpecLoader.LoadFile("/no/such/spec.yaml").Problems);

        Assert.Equal("/no/such/spec.yaml: cannot read the spec: file not found; pass --spec with a readable spec file", problem.ToString());
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("1s", 1000)]
    [InlineData("1.5s", 1500)]
    [InlineData("4m", 240_000)]
    [InlineData("1h", 3_600_000)]
    public void Durations_WithUnit_Parse(string text, double ms)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), duration);
    }

    [Theory]
    [InlineData("250")]
    [InlineData("1 day")]
    [InlineData("s")]
    [InlineData("")]
    public void Durations_WithoutKnownUnit_Rejected(string text) => Assert.False(Durations.TryParse(text, out _));

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Loop.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Loop.sln not found above the test folder");
    }
}
