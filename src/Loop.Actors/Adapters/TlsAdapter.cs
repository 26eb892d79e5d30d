using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Loop.Actors.Adapters;

/// <summary>
/// A TLS probe, as blackbox_exporter's tls checks: connect, complete a handshake with the server name, and report
/// when the server's certificate expires (the loop exports the time left and raises WARN below warn_days). An
/// expired certificate is <c>error</c> (<c>tls_expired</c>), an untrusted or mismatched one <c>error</c>
/// (<c>tls_untrusted</c>, unless insecure_skip_verify), a failed handshake <c>error</c> (<c>tls_error</c>).
/// </summary>
public sealed class TlsAdapter(TlsAdapterOptions options, TimeProvider? time = null) : IAdapter
{
    private readonly TlsAdapterOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc />
    public async Task<AdapterCallResult> CallAsync(long tick, CancellationToken cancellationToken)
    {
        using var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            return new AdapterCallResult(AdapterOutcome.Error, TcpAdapter.ReasonOf(ex.SocketErrorCode));
        }

        var errors = SslPolicyErrors.None;
        X509Certificate2? seen = null;
        var stream = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                await stream.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = _options.ServerName ?? _options.Host,
                        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                        RemoteCertificateValidationCallback = (_, certificate, _, policyErrors) =>
                        {
                            // judged below, where an expired certificate gets its own reason: let every handshake finish
                            errors = policyErrors;
                            seen = certificate is null ? null : new X509Certificate2(certificate);
                            return true;
                        },
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException)
            {
                return new AdapterCallResult(AdapterOutcome.Error, "tls_error");
            }

            using (seen)
            {
                if (seen is null)
                {
                    return new AdapterCallResult(AdapterOutcome.Error, "tls_error");
                }

                var expires = new DateTimeOffset(seen.NotAfter.ToUniversalTime(), TimeSpan.Zero);
                var now = _time.GetUtcNow();
                if (expires <= now || seen.NotBefore.ToUniversalTime() > now.UtcDateTime)
                {
                    return new AdapterCallResult(AdapterOutcome.Error, "tls_expired") { CertificateExpires = expires };
                }

                if (errors != SslPolicyErrors.None && !_options.InsecureSkipVerify)
                {
                    return new AdapterCallResult(AdapterOutcome.Error, "tls_untrusted") { CertificateExpires = expires };
                }

                return AdapterCallResult.Ok with { CertificateExpires = expires };
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
