using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Loop.Benchmarks.Load;

/// <summary>
/// An HTTP target (in this process) for a cluster's http adapters, <c>/probe/{adapter}?node=...</c>: it records which
/// node probed which adapter in which tick (a cluster's ticks are due at the same wall-clock instants on every node),
/// counts the probes of one adapter by two nodes in one tick, and each adapter's last probe.
/// </summary>
public sealed class ProbeTarget : IDisposable
{
    private readonly Dictionary<(string Adapter, long Tick), string> _seen = [];
    private readonly Dictionary<string, (long At, string Node)> _last = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private readonly long _tickMs;
    private long _probes;
    private long _duplicates;

    private ProbeTarget(long tickMs)
    {
        _tickMs = tickMs;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/probe/{adapter}", (string adapter, string? node) =>
        {
            Record(adapter, node ?? string.Empty);
            return Results.Text("ok");
        });
    }

    /// <summary>Gets the target's base URL.</summary>
    public string Url => _app.Urls.First();

    /// <summary>Gets the probes so far.</summary>
    public long Probes
    {
        get
        {
            lock (_seen)
            {
                return _probes;
            }
        }
    }

    /// <summary>Gets the (adapter, tick) pairs probed by two nodes so far.</summary>
    public long Duplicates
    {
        get
        {
            lock (_seen)
            {
                return _duplicates;
            }
        }
    }

    /// <summary>Starts a target; the thread pool is widened so the target is not what misses ticks.</summary>
    public static ProbeTarget Start(long tickMs)
    {
        ThreadPool.SetMinThreads(64, 64);
        var target = new ProbeTarget(tickMs);
        target._app.StartAsync().GetAwaiter().GetResult();
        return target;
    }

    /// <summary>Waits until every one of <paramref name="adapters"/> was probed after <paramref name="afterMs"/> (Unix ms) by a node other than <paramref name="notBy"/>.</summary>
    /// <returns>When that was seen (polled every 50 ms), in Unix ms.</returns>
    public long WaitAllProbedAfter(int adapters, long afterMs, string? notBy = null, TimeSpan? within = null)
    {
        var until = TimeProvider.System.GetUtcNow() + (within ?? TimeSpan.FromMinutes(2));
        while (TimeProvider.System.GetUtcNow() < until)
        {
            Thread.Sleep(50);
            lock (_seen)
            {
                if (_last.Count(p => p.Value.At > afterMs && p.Value.Node != notBy) == adapters)
                {
                    return TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
                }
            }
        }

        throw new TimeoutException($"not every adapter was probed again within {(within ?? TimeSpan.FromMinutes(2)).TotalSeconds:0} s");
    }

    /// <inheritdoc />
    public void Dispose() => _app.StopAsync().GetAwaiter().GetResult();

    private void Record(string adapter, string node)
    {
        var ms = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_seen)
        {
            _probes++;
            _last[adapter] = (ms, node);
            if (_seen.TryGetValue((adapter, ms / _tickMs), out var other) && other != node)
            {
                _duplicates++;
                Console.WriteLine($"two nodes: {adapter} in tick {ms / _tickMs}: {other} and {node}");
            }

            _seen[(adapter, ms / _tickMs)] = node;
            if (_probes % 100_000 == 0)
            {
                var old = (ms / _tickMs) - 50;
                foreach (var key in _seen.Keys.Where(k => k.Tick < old).ToList())
                {
                    _seen.Remove(key);
                }
            }
        }
    }
}
