using System.Text.RegularExpressions;
using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using YamlDotNet.RepresentationModel;

namespace Loop.Engine.Spec;

/// <summary>The adapters list: common keys, the restart policy, and each kind's own keys.</summary>
internal static partial class SpecLoader
{
    private static readonly string[] HttpMethods = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"];

    private static List<AdapterSpec> ReadAdapters(SpecMap root, LoopSection loop, SpecContext context)
    {
        var result = new List<AdapterSpec>();
        var firstLineOfName = new Dictionary<string, int>(StringComparer.Ordinal);
        var nodes = root.Sequence("adapters");
        for (var i = 0; i < nodes.Count; i++)
        {
            var path = $"adapters[{i}]";
            if (nodes[i] is not YamlMappingNode node)
            {
                context.Add((int)nodes[i].Start.Line, path, $"must be a mapping with at least name and kind (got {SpecMap.Describe(nodes[i])})");
                continue;
            }

            var map = new SpecMap(context, node, path, (int)node.Start.Line);
            if (ReadAdapter(map, loop) is not { } adapter)
            {
                continue;
            }

            if (firstLineOfName.TryGetValue(adapter.Name, out var firstLine))
            {
                map.Problem("name", $"duplicate adapter name '{adapter.Name}' (first used at line {firstLine}); names must be unique");
                continue;
            }

            firstLineOfName[adapter.Name] = map.LineOf("name");
            result.Add(adapter);
        }

        return result;
    }

    private static AdapterSpec? ReadAdapter(SpecMap map, LoopSection loop)
    {
        var problemsBefore = map.ProblemCount;
        var name = map.String("name", required: true);
        if (name is not null && !Loop.Actors.Loop.AdapterName.IsValid(name))
        {
            map.Problem("name", $"must start with a letter or digit and hold only letters, digits, '_', '.' and '-', at most 64 (got \"{name}\")");
        }

        var kind = map.OneOf("kind", null, "synthetic", "http", "command", "tcp", "dns", "tls");
        if (!map.Has("kind"))
        {
            map.Problem("kind", "is required: synthetic, http, command, tcp, dns or tls");
        }

        var timeoutMs = (int)map.Integer("timeout_ms", loop.DeadlineMs, 1);
        var every = ReadEvery(map, "every", loop, TimeSpan.Zero);
        var everyFailing = ReadEvery(map, "every_failing", loop, every);
        var restart = ReadRestart(map.Map("restart"));
        SyntheticAdapterOptions? synthetic = null;
        HttpAdapterOptions? http = null;
        CommandAdapterOptions? command = null;
        TcpAdapterOptions? tcp = null;
        DnsAdapterOptions? dns = null;
        TlsAdapterOptions? tls = null;
        var warnBefore = TimeSpan.FromDays(14);
        switch (kind)
        {
            case "tls":
                (tls, warnBefore) = ReadTlsAdapter(map);
                break;
            case "dns":
                dns = ReadDns(map, name);
                break;
            case "tcp":
                tcp = ReadTcp(map);
                break;
            case "synthetic":
                synthetic = ReadSynthetic(map);
                break;
            case "http":
                http = ReadHttp(map);
                break;
            case "command":
                command = ReadCommand(map);
                break;
        }

        map.RejectUnknownKeys(kind is null ? null : $" for a {kind} adapter");
        return map.ProblemCount == problemsBefore && name is not null && kind is not null
            ? new AdapterSpec(name, kind, timeoutMs, restart, synthetic, http, command) { Every = every, EveryFailing = everyFailing, Tcp = tcp, Dns = dns, Tls = tls, CertificateWarnBefore = warnBefore }
            : null;
    }

    /// <summary>
    /// An adapter's interval: a duration that is a whole number of ticks (the loop calls adapters on ticks only),
    /// or absent (every tick; for every_failing, the same as every).
    /// </summary>
    private static TimeSpan ReadEvery(SpecMap map, string key, LoopSection loop, TimeSpan fallback)
    {
        if (!map.Has(key))
        {
            return fallback;
        }

        var every = map.Duration(key, fallback);
        var tick = TimeSpan.FromMilliseconds(loop.TickMs);
        if (every > TimeSpan.Zero && (every < tick || every.Ticks % tick.Ticks != 0))
        {
            map.Problem(key, $"must be a whole number of ticks (loop.tick_ms is {loop.TickMs} ms: {Durations.Format(tick)}, {Durations.Format(tick * 5)}, {Durations.Format(tick * 50)}...; got {Durations.Format(every)})");
            return fallback;
        }

        return every;
    }

    private static RestartPolicy ReadRestart(SpecMap map)
    {
        var defaults = new RestartPolicy();
        // Akka's BackoffSupervisor doubles each delay: the key stays (specs that say 2 keep working), any
        // other factor is refused rather than silently ignored.
        map.Number("multiplier", 2, 2, 2, "must be 2: Akka's BackoffSupervisor doubles the delay at each restart; remove the key or set 2");
        var policy = new RestartPolicy
        {
            AfterFailures = (int)map.Integer("after_failures", defaults.AfterFailures, 1, 1000),
            MinBackoff = map.Duration("min_backoff", defaults.MinBackoff),
            MaxBackoff = map.Duration("max_backoff", defaults.MaxBackoff),
            RandomFactor = map.Number("random_factor", defaults.RandomFactor, 0, 1),
            MaxRetries = (int)map.Integer("max_retries", defaults.MaxRetries, 0, 1000),
            ResetAfter = map.Duration("reset_after", defaults.ResetAfter),
            ReviveEvery = map.Duration("revive_every", defaults.ReviveEvery, allowZero: true),
        };
        if (policy.MaxBackoff < policy.MinBackoff)
        {
            map.Problem("max_backoff", $"must be >= min_backoff (got {Durations.Format(policy.MaxBackoff)} < {Durations.Format(policy.MinBackoff)})");
        }

        map.RejectUnknownKeys();
        return policy;
    }

    /// <summary>
    /// A dns adapter: resolves <c>query</c>, or its own name when it has none (<c>{ name: example.org, kind: dns }</c>),
    /// through the system's resolver or <c>server</c> (an IP address and port), for <c>record</c> A, AAAA or CNAME.
    /// </summary>
    private static DnsAdapterOptions? ReadDns(SpecMap map, string? adapterName)
    {
        var query = map.String("query", adapterName);
        var record = map.OneOf("record", "A", "A", "AAAA", "CNAME")!;
        var serverText = map.String("server");
        var expect = map.Strings("expect");
        System.Net.IPEndPoint? server = null;
        if (serverText is not null && !System.Net.IPEndPoint.TryParse(serverText, out server))
        {
            map.Problem("server", $"must be an IP address and port, like \"127.0.0.1:53\" or \"[::1]:53\" (got \"{serverText}\")");
        }
        else if (server is { Port: 0 })
        {
            server.Port = 53;
        }

        if (record == "CNAME" && serverText is null)
        {
            map.Problem("record", "CNAME needs a server to ask (the system's resolver answers addresses only); add server: \"ip:53\"");
        }

        if (query is not null && (query.Length > 253 || query.TrimEnd('.').Split('.').Any(static l => l.Length is 0 or > 63)))
        {
            map.Problem(map.Has("query") ? "query" : "name", $"is not a DNS name: labels of 1 to 63 characters, 253 in all (got \"{query}\")");
        }

        return query is null ? null : new DnsAdapterOptions { Name = query, Record = record, Server = server, Expect = expect };
    }

    /// <summary>A tcp adapter: target "host:port" (an IPv6 address in brackets), and optionally send and expect.</summary>
    private static TcpAdapterOptions? ReadTcp(SpecMap map)
    {
        var target = ReadTarget(map);
        var send = map.Has("send") ? map.String("send") : null;
        var expect = map.Has("expect") ? map.String("expect") : null;
        return target is not { } endpoint ? null : new TcpAdapterOptions { Host = endpoint.Host, Port = endpoint.Port, Send = send, Expect = expect };
    }

    /// <summary>A tls adapter: target "host:port", the server name sent and checked, warn_days before expiry.</summary>
    private static (TlsAdapterOptions? Options, TimeSpan WarnBefore) ReadTlsAdapter(SpecMap map)
    {
        var target = ReadTarget(map);
        var serverName = map.String("server_name");
        var warnDays = map.Number("warn_days", 14, 0, 3650, "must be between 0 and 3650 days");
        var insecure = map.Boolean("insecure_skip_verify", false);
        return (target is not { } endpoint ? null : new TlsAdapterOptions { Host = endpoint.Host, Port = endpoint.Port, ServerName = serverName, InsecureSkipVerify = insecure }, TimeSpan.FromDays(warnDays));
    }

    /// <summary>The required target "host:port" of a tcp or tls adapter (an IPv6 address in brackets).</summary>
    private static (string Host, int Port)? ReadTarget(SpecMap map)
    {
        var target = map.String("target", required: true);
        if (target is null)
        {
            return null;
        }

        if (!HostPort.TryParse(target, out var host, out var port))
        {
            map.Problem("target", $"must be host:port with a port from 1 to 65535, like \"db.internal:5432\" or \"[::1]:6379\" (got \"{target}\")");
            return null;
        }

        return (host, port);
    }

    private static SyntheticAdapterOptions ReadSynthetic(SpecMap map)
    {
        var latency = map.Map("latency_ms");
        var options = new SyntheticAdapterOptions
        {
            LatencyMean = TimeSpan.FromMilliseconds(latency.Integer("mean", 0, 0)),
            LatencyJitter = TimeSpan.FromMilliseconds(latency.Integer("jitter", 0, 0)),
            FailureRate = map.Number("failure_rate", 0, 0, 1),
            CrashRate = map.Number("crash_rate", 0, 0, 1),
            Seed = map.Has("seed") ? (int)map.Integer("seed", 0, int.MinValue, int.MaxValue) : null,
        };
        latency.RejectUnknownKeys();
        return options;
    }

    private static HttpAdapterOptions? ReadHttp(SpecMap map)
    {
        var url = map.String("url", required: true);
        var method = map.OneOf("method", "GET", HttpMethods)!;
        int? expect = map.Has("expect_status") ? (int)map.Integer("expect_status", 200, 100, 599) : null;
        var conditions = map.Has("expect") ? ReadExpect(map.Map("expect")) : null;
        if (expect is not null && conditions is { Status.Count: > 0 })
        {
            map.Problem("expect_status", "and expect.status both set the ok statuses; keep one (expect.status takes a list)");
        }

        if (url is null)
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            map.Problem("url", $"must be an absolute http:// or https:// URL (got \"{url}\")");
            return null;
        }

        if (conditions is { Status.Count: 0 } && expect is { } status)
        {
            conditions = conditions with { Status = [status] }; // expect_status beside other conditions still decides the status
        }

        return new HttpAdapterOptions { Url = uri, Method = method, ExpectStatus = expect, Expect = conditions };
    }

    /// <summary>
    /// An http adapter's conditions, Gatus-style: <c>status: [200, 204]</c>, <c>body_contains</c>, <c>body_regex</c>,
    /// <c>json: { "$.path": value }</c>, <c>header</c>, <c>max_ms</c>. A pattern or path that cannot work is refused here.
    /// </summary>
    private static HttpExpectations ReadExpect(SpecMap map)
    {
        var statuses = new List<int>();
        if (map.Has("status"))
        {
            var list = map.Sequence("status");
            foreach (var node in list)
            {
                if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599)
                {
                    statuses.Add(code);
                }
                else
                {
                    map.Problem("status", $"must be a list of statuses from 100 to 599, like [200, 204] (got {SpecMap.Describe(node)})");
                }
            }

            if (list.Count == 0)
            {
                map.Problem("status", "must list at least one status, like [200, 204]");
            }
        }

        System.Text.RegularExpressions.Regex? pattern = null;
        if (map.String("body_regex") is { } regex)
        {
            try
            {
                // a match timeout: a pattern that backtracks without end must not hold a probe
                pattern = new System.Text.RegularExpressions.Regex(regex, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException ex)
            {
                map.Problem("body_regex", $"is not a valid regular expression: {ex.Message}");
            }
        }

        var json = new List<KeyValuePair<string, string>>();
        var paths = map.Map("json");
        if (map.Has("json"))
        {
            foreach (var path in paths.Keys())
            {
                if (!Loop.Actors.Adapters.JsonPath.IsValid(path))
                {
                    paths.Problem(path, "is not a JSON path this reads: $ then .name or [index] steps, like $.status or $.checks[0].state");
                }
                else
                {
                    json.Add(new(path, paths.String(path) ?? "null")); // YAML null: the value must be JSON null
                }
            }
        }

        var expectations = new HttpExpectations
        {
            Status = statuses,
            BodyContains = map.String("body_contains"),
            BodyRegex = pattern,
            Json = json,
            Header = map.String("header"),
            MaxTime = map.Has("max_ms") ? TimeSpan.FromMilliseconds(map.Integer("max_ms", 1000, 1, 3_600_000)) : null,
        };
        map.RejectUnknownKeys();
        return expectations;
    }

    private static CommandAdapterOptions? ReadCommand(SpecMap map)
    {
        var program = map.String("command", required: true);
        var arguments = map.Strings("args");

        return program is null ? null : new CommandAdapterOptions { Program = program, Arguments = arguments };
    }

}
