namespace Loop.Engine.Spec;

/// <summary>The spec's <c>exporter</c> block: where /metrics, /healthz, /status, /bus, /live and the web view listen.</summary>
/// <param name="Host">The address to bind.</param>
/// <param name="Port">The port (0: any free one).</param>
/// <param name="Token">What POST /bus demands as Bearer; null: loopback callers only.</param>
internal sealed record ExporterSection(string Host, int Port, string? Token)
{
    /// <summary>Gets the certificate to serve HTTPS with (<c>exporter.tls</c>); null: plain HTTP.</summary>
    public ExporterTls? Tls { get; init; }

    /// <summary>Gets the scheme the endpoint speaks.</summary>
    public string Scheme => Tls is null ? "http" : "https";
}
