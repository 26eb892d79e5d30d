namespace Loop.Exporter.Endpoint;

/// <summary>Where the endpoint listens and what it answers.</summary>
public sealed record EndpointOptions
{
    /// <summary>Gets the address to bind.</summary>
    /// <value>The default value is 127.0.0.1.</value>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Gets the port; 0 picks a free one.</summary>
    /// <value>The default value is 9108.</value>
    public int Port { get; init; } = 9108;

    /// <summary>Gets a function that says whether the engine is healthy (ticking).</summary>
    public Func<bool> Healthy { get; init; } = static () => true;

    /// <summary>Gets a function that says why the engine is degraded (a part it depends on is down), or null; /healthz is 503 with it.</summary>
    public Func<string?> Degraded { get; init; } = static () => null;

    /// <summary>Gets a function that produces the /status document (JSON).</summary>
    public Func<CancellationToken, Task<string>> Status { get; init; } = static _ => Task.FromResult("{}");

    /// <summary>
    /// Gets the command bus behind <c>POST /bus</c>: given the request body and a writer for the reply,
    /// writes one ack line per command, in order, as they come. Null: no bus (404).
    /// </summary>
    public Func<Stream, Func<byte[], ValueTask>, CancellationToken, Task>? Bus { get; init; }

    /// <summary>Gets a function that says whether the bus takes commands yet (503 with Retry-After until it does).</summary>
    public Func<bool> BusReady { get; init; } = static () => true;

    /// <summary>
    /// Gets the live feed behind <c>GET /live</c> (Server-Sent Events): one JSON frame at a time, for as
    /// long as the request lasts. Null: no feed (404).
    /// </summary>
    public Func<CancellationToken, IAsyncEnumerable<ReadOnlyMemory<byte>>>? Live { get; init; }

    /// <summary>Gets the token <c>POST /bus</c> demands as <c>Authorization: Bearer</c>; null: loopback callers only.</summary>
    public string? Token { get; init; }
}
