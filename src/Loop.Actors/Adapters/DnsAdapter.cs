using System.Net;
using System.Net.Sockets;

namespace Loop.Actors.Adapters;

/// <summary>
/// A DNS probe, as blackbox_exporter's dns module: resolve a name (A, AAAA; CNAME with a server) through the
/// system's resolver or one given server over UDP, and optionally require answers. A name that does not exist
/// is <c>error</c> (<c>dns_nxdomain</c>), another failure <c>error</c> (<c>dns_error</c>), missing expected
/// answers <c>error</c> (<c>assert_answer</c>), no answer in time <c>timeout</c>.
/// </summary>
public sealed class DnsAdapter(DnsAdapterOptions options) : IAdapter
{
    private readonly DnsAdapterOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public async Task<AdapterCallResult> CallAsync(long tick, CancellationToken cancellationToken)
    {
        List<string>? answers;
        try
        {
            answers = _options.Server is { } server ? await AskAsync(server, cancellationToken).ConfigureAwait(false) : await SystemAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData)
        {
            return new AdapterCallResult(AdapterOutcome.Error, "dns_nxdomain");
        }
        catch (Exception ex) when (ex is SocketException or FormatException)
        {
            return new AdapterCallResult(AdapterOutcome.Error, "dns_error");
        }

        if (answers is null)
        {
            return new AdapterCallResult(AdapterOutcome.Error, "dns_nxdomain");
        }

        if (answers.Count == 0 || _options.Expect.Any(e => !answers.Contains(e, StringComparer.OrdinalIgnoreCase)))
        {
            return new AdapterCallResult(AdapterOutcome.Error, answers.Count == 0 ? "dns_no_answer" : "assert_answer");
        }

        return AdapterCallResult.Ok;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private async Task<List<string>?> SystemAsync(CancellationToken cancellationToken)
    {
        var family = _options.Record == "AAAA" ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var addresses = await Dns.GetHostAddressesAsync(_options.Name, family, cancellationToken).ConfigureAwait(false);
        return [.. addresses.Select(static a => a.ToString())];
    }

    /// <summary>The server's answers of the record type; null when it says the name does not exist (NXDOMAIN).</summary>
    private async Task<List<string>?> AskAsync(IPEndPoint server, CancellationToken cancellationToken)
    {
        var type = DnsQuery.TypeOf(_options.Record);
        var id = (ushort)Random.Shared.Next(ushort.MaxValue + 1);
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(DnsQuery.Build(id, _options.Name, type), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[4096];
        while (true)
        {
            // a datagram that is not the answer to this query (a late one, another id) is skipped; the call's token bounds the wait
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            (int Code, List<string> Answers) parsed;
            try
            {
                parsed = DnsQuery.Parse(buffer.AsSpan(0, read), id, type);
            }
            catch (FormatException) when (read < 2 || (buffer[0] << 8 | buffer[1]) != id)
            {
                continue;
            }

            return parsed.Code switch
            {
                0 => parsed.Answers,
                DnsQuery.NxDomain => null,
                _ => throw new FormatException("the server answered with response code " + parsed.Code),
            };
        }
    }
}
