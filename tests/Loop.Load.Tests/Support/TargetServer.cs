using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Loop.Load.Tests.Support;

/// <summary>
/// A real Kestrel target on a loopback port: /ok answers at once; /chunked answers in chunks; /close closes
/// the connection after answering; /slow sleeps 300 ms on every 10th call;
/// /fail answers 500 on every 20th; /sleep?ms=N sleeps N ms; /stall holds every call that arrives between
/// 1.5 s and 2.5 s after the first call until 2.5 s. It records when each call arrived and how many ran at once.
/// </summary>
internal sealed class TargetServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<long> _arrivals = new();
    private long _count;
    private long _concurrent;
    private long _maxConcurrent;
    private long _first;
    private long _connections;

    private TargetServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public long Count => Interlocked.Read(ref _count);

    public long MaxConcurrent => Interlocked.Read(ref _maxConcurrent);

    /// <summary>Connections the target accepted.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>When each call arrived, in seconds from the first.</summary>
    public IReadOnlyList<double> ArrivalSeconds
    {
        get
        {
            var all = _arrivals.ToArray();
            return all.Length == 0 ? [] : all.Select(a => Stopwatch.GetElapsedTime(all.Min(), a).TotalSeconds).OrderBy(static s => s).ToList();
        }
    }

    public static async Task<TargetServer> StartAsync()
    {
        // The test host keeps two thread-pool workers in blocking loops of its own (vstest's message loop and
        // xunit's assembly runner: seen with dotnet-stack), so on 2 cores a server in it is left one worker,
        // and a burst of new connections waited ~1 s for the pool to grow: latencies of the host, not of the
        // code under test. A server process of its own has the whole pool.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 8), Math.Max(io, 8));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        TargetServer? server = null;
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
        {
            Interlocked.Increment(ref server!._connections);
            return next(connection);
        })));
        var app = builder.Build();
        server = new TargetServer(app);
        app.Use(async (context, next) =>
        {
            var now = Stopwatch.GetTimestamp();
            Interlocked.CompareExchange(ref server._first, now, 0);
            server._arrivals.Enqueue(now);
            Interlocked.Increment(ref server._count);
            var running = Interlocked.Increment(ref server._concurrent);
            long seen;
            while ((seen = Interlocked.Read(ref server._maxConcurrent)) < running && Interlocked.CompareExchange(ref server._maxConcurrent, running, seen) != seen)
            {
            }

            try
            {
                await next(context);
            }
            finally
            {
                Interlocked.Decrement(ref server._concurrent);
            }
        });
        long slow = 0, fail = 0;
        app.MapGet("/ok", () => "ok");
        app.MapGet("/slow", async () =>
        {
            if (Interlocked.Increment(ref slow) % 10 == 0)
            {
                await Task.Delay(300);
            }

            return "ok";
        });
        app.MapGet("/fail", () => Interlocked.Increment(ref fail) % 20 == 0 ? Microsoft.AspNetCore.Http.Results.StatusCode(500) : Microsoft.AspNetCore.Http.Results.Text("ok"));
        app.MapGet("/sleep", async (int ms) =>
        {
            await Task.Delay(ms);
            return "ok";
        });
        app.MapGet("/chunked", async (HttpContext context) =>
        {
            // no Content-Length: Kestrel frames the body in chunks, one per flush
            foreach (var part in new[] { "alpha-", "beta-", new string('g', 20_000) })
            {
                await context.Response.WriteAsync(part);
                await context.Response.Body.FlushAsync();
            }
        });
        app.MapGet("/close", (HttpContext context) =>
        {
            context.Response.Headers.Connection = "close";
            return "closing";
        });
        app.MapGet("/stall", async () =>
        {
            var since = Stopwatch.GetElapsedTime(Interlocked.Read(ref server._first));
            if (since >= TimeSpan.FromSeconds(1.5) && since < TimeSpan.FromSeconds(2.5))
            {
                await Task.Delay(TimeSpan.FromSeconds(2.5) - since);
            }

            return "ok";
        });
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.First());
        return server;
    }

    public Uri Url(string path) => new(BaseAddress, path);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
