using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Engine.Persistence;
using Loop.Engine.Spec;

namespace Loop.Engine.Hosting;

/// <summary>Turns a validated spec into the LoopSupervisor's options and the adapters' factories.</summary>
internal static class LoopOptionsFactory
{
    /// <summary>
    /// The loop's options from the spec and, after a restart, from what the journal kept: the adapter set
    /// as operators left it (the spec's, less those removed, plus those added), their tick, their pause.
    /// </summary>
    /// <param name="spec">The spec.</param>
    /// <param name="recovered">The journal's state; null starts as the spec says.</param>
    /// <param name="warn">Told about an added adapter whose kept spec no longer loads (it is left out).</param>
    public static LoopOptions Create(LoopSpec spec, EngineState? recovered = null, Action<string>? warn = null)
    {
        var options = FromSpec(spec);
        WarnAboutThinWindows(options, warn);
        if (recovered is null)
        {
            return options;
        }

        var added = new List<AdapterDefinition>();
        foreach (var (name, json) in recovered.Added)
        {
            try
            {
                added.Add(ReadAdded(json, spec));
            }
            catch (FormatException ex)
            {
                warn?.Invoke($"adapter '{name}' added at run time is left out: {ex.Message}");
            }
        }

        var addedNames = added.Select(static a => a.Name).ToHashSet(StringComparer.Ordinal);
        return options with
        {
            Adapters = [.. options.Adapters.Where(a => !recovered.Removed.Contains(a.Name) && !addedNames.Contains(a.Name)), .. added],
            TickInterval = recovered.TickMs is { } tickMs ? TimeSpan.FromMilliseconds(tickMs) : options.TickInterval,
            Recovery = recovered.ToLoopRecovery(),
        };
    }

    /// <summary>
    /// An adapter added at run time, read again from the spec (JSON) it was added with: after a restart, or on the node of
    /// a cluster that homes it. Checked as add_adapter checks it, against this spec (its bus policy may have changed).
    /// </summary>
    /// <param name="json">The adapter's spec.</param>
    /// <param name="spec">The engine's spec.</param>
    /// <returns>Its definition.</returns>
    /// <exception cref="FormatException">It no longer loads, or the bus policy refuses it; the message says why.</exception>
    public static AdapterDefinition ReadAdded(string json, LoopSpec spec)
    {
        var (adapter, problems) = SpecLoader.ParseAdapter(json, spec.Loop);
        if (adapter is null)
        {
            throw new FormatException($"its spec no longer loads ({string.Join("; ", problems.Select(static p => $"{p.Path}: {p.Message}"))})");
        }

        return Bus.CommandAdapterPolicy.Refusal(adapter, spec.Bus) is { } refusal ? throw new FormatException(refusal) : Definition(adapter);
    }

    /// <summary>
    /// A rate window that cannot hold enough calls at this tick can never raise its level by rate (the
    /// consecutive-failures rule still works): said once at start, so a spec that looks armed is not silently idle.
    /// </summary>
    private static void WarnAboutThinWindows(LoopOptions options, Action<string>? warn)
    {
        var bounds = options.RAxis;
        foreach (var (name, window, bound) in new[] { ("warn_window", bounds.WarnWindow, bounds.WarnSuccessRate), ("block_window", bounds.BlockWindow, bounds.BlockSuccessRate) })
        {
            var holds = (long)(window / options.TickInterval);
            var needs = bounds.MinCallsFor(bound);
            if (holds < needs)
            {
                warn?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"r_axis.adapter.{name} ({window.TotalSeconds:0.###} s) holds at most {holds} calls at a {options.TickInterval.TotalMilliseconds:0} ms tick, and a success rate is judged against {bound} only with {needs}: this rate rule cannot fire; widen the window"));
            }
        }
    }

    private static LoopOptions FromSpec(LoopSpec spec) => new()
    {
        TickInterval = TimeSpan.FromMilliseconds(spec.Loop.TickMs),
        Deadline = TimeSpan.FromMilliseconds(spec.Loop.DeadlineMs),
        Ticks = spec.Loop.Ticks,
        MaxAdapters = spec.Limits.MaxAdapters,
        Spread = TimeSpan.FromMilliseconds(spec.Loop.SpreadMs),
        GarbageCollector = RuntimeGarbageCollector.Instance,
        GcBetweenTicks = spec.Loop.GcBetweenTicks,
        WallClockGrid = spec.Cluster is not null, // every node's tick n at one instant
        Adapters = spec.Adapters.Select(Definition).ToList(),
        RAxis = new Loop.Actors.RAxis.RAxisThresholds
        {
            WarnLatencyMs = spec.RAxis.WarnLatencyMs,
            WarnFor = spec.RAxis.WarnFor,
            BlockLatencyMs = spec.RAxis.BlockLatencyMs,
            BlockFor = spec.RAxis.BlockFor,
            PauseOnLoopBlock = spec.RAxis.OnBlock == "pause",
            WarnSuccessRate = spec.RAxis.WarnSuccessRate,
            WarnWindow = spec.RAxis.WarnWindow,
            WarnConsecutiveFailures = spec.RAxis.WarnConsecutiveFailures,
            BlockSuccessRate = spec.RAxis.BlockSuccessRate,
            BlockWindow = spec.RAxis.BlockWindow,
            TrialEvery = spec.RAxis.TrialEvery,
            AutoClear = spec.RAxis.AutoClear,
            ClearFor = spec.RAxis.ClearFor,
        },
    };

    public static AdapterDefinition Definition(AdapterSpec adapter) => new(
        adapter.Name,
        adapter.Kind,
        Factory(adapter),
        TimeSpan.FromMilliseconds(adapter.TimeoutMs),
        adapter.Restart)
    {
        Every = adapter.Every,
        EveryFailing = adapter.EveryFailing,
        CertificateWarnBefore = adapter.CertificateWarnBefore,
    };

    private static Func<IAdapter> Factory(AdapterSpec adapter) => adapter.Kind switch
    {
        "synthetic" => () => new SyntheticAdapter(adapter.Synthetic!),
        "http" => () => new HttpAdapter(adapter.Http!),
        "command" => () => new CommandAdapter(adapter.Command!),
        "tcp" => () => new TcpAdapter(adapter.Tcp!),
        "dns" => () => new DnsAdapter(adapter.Dns!),
        "tls" => () => new TlsAdapter(adapter.Tls!),
        _ => throw new ArgumentException($"unknown adapter kind '{adapter.Kind}'", nameof(adapter)),
    };
}
