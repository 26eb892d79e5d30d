using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Loop.Actors.Adapters;

namespace Loop.Actors.Tests.Adapters;

/// <summary>The dns kind against a tiny UDP DNS responder on loopback (one canned answer per test) and the system's resolver.</summary>
public sealed class DnsAdapterTests : IDisposable
{
    private readonly UdpClient _server = new(new IPEndPoint(IPAddress.Loopback, 0));

    private IPEndPoint Server => (IPEndPoint)_server.Client.LocalEndPoint!;

    [Fact]
    public async Task Call_ARecordAsExpected_Ok()
    {
        var answered = Answer(rcode: 0, type: 1, [IPAddress.Parse("10.1.2.3").GetAddressBytes(), IPAddress.Parse("10.1.2.4").GetAddressBytes()]);
        using var adapter = new DnsAdapter(new DnsAdapterOptions { Name = "probe.test", Server = Server, Expect = ["10.1.2.4"] });

        var result = await adapter.CallAsync(1, CancellationToken.None);

        Assert.Equal(AdapterOutcome.Ok, result.Outcome);
        Assert.Equal("probe.test", await answered);
    }

    [Fact]
    public async Task Call_AnotherAddress_ErrorAssertAnswer()
    {
        _ = Answer(rcode: 0, type: 1, [IPAddress.Parse("10.9.9.9").GetAddressBytes()]);
        using var adapter = new DnsAdapter(new DnsAdapterOptions { Name = "probe.test", Server = Server, Expect = ["10.1.2.3"] });

        var result = await adapter.CallAsync(1, CancellationToken.None);

        Assert.Equal((AdapterOutcome.Error, "assert_answer"), (result.Outcome, result.Detail));
    }

    [Fact]
    public async Task Call_NameDoesNotExist_ErrorDnsNxdomain()
    {
        _ = Answer(rcode: 3, type: 1, []);
        using var adapter = new DnsAdapter(new DnsAdapterOptions { Name = "gone.test", Server = Server });

        var result = await adapter.CallAsync(1, CancellationToken.None);

        Assert.Equal((AdapterOutcome.Error, "dns_nxdomain"), (result.Outcome, result.Detail));
    }

    [Fact]
    public async Task Call_Cname_TargetReadThroughNameCompression()
    {
        _ = Answer(rcode: 0, type: 5, [Encoding.ASCII.GetBytes("\u0004real\u0004test\0")]);
        using var adapter = new DnsAdapter(new DnsAdapterOptions { Name = "www.test", Record = "CNAME", Server = Server, Expect = ["real.test"] });

        var result = await adapter.CallAsync(1, CancellationToken.None);

        Assert.Equal(AdapterOutcome.Ok, result.Outcome);
    }

    [Fact]
    public async Task Call_SystemResolver_Localhost()
    {
        using var adapter = new DnsAdapter(new DnsAdapterOptions { Name = "localhost", Expect = ["127.0.0.1"] });

        var result = await adapter.CallAsync(1, CancellationToken.None);

        Assert.Equal(AdapterOutcome.Ok, result.Outcome);
    }

    [Fact]
    public async Task Call_ServerNeverAnswers_TheCallsTokenEndsIt()
    {
        using var adapter = new DnsAdapter(new DnsAdapterOptions { Name = "probe.test", Server = Server });
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => adapter.CallAsync(1, deadline.Token));
    }

    [Fact]
    public void Parse_NamePointingAtItself_RefusedNotLooped()
    {
        var response = new byte[] { 0, 7, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1 };

        Assert.Throws<FormatException>(() => DnsQuery.Parse(response, 7, 1));
    }

    public void Dispose() => _server.Dispose();

    /// <summary>Answers the next query with <paramref name="rcode"/> and one record of <paramref name="type"/> per rdata; returns the name asked.</summary>
    private async Task<string> Answer(int rcode, ushort type, byte[][] records)
    {
        var query = await _server.ReceiveAsync();
        var bytes = query.Buffer;
        var end = 12;
        var name = new List<string>();
        while (bytes[end] != 0)
        {
            name.Add(Encoding.ASCII.GetString(bytes, end + 1, bytes[end]));
            end += bytes[end] + 1;
        }

        var question = bytes[12..(end + 5)];
        var response = new List<byte> { bytes[0], bytes[1], 0x81, (byte)(0x80 | rcode), 0, 1, 0, (byte)records.Length, 0, 0, 0, 0 };
        response.AddRange(question);
        foreach (var rdata in records)
        {
            var rr = new byte[12];
            BinaryPrimitives.WriteUInt16BigEndian(rr, 0xC00C); // the question's name, compressed
            BinaryPrimitives.WriteUInt16BigEndian(rr.AsSpan(2), type);
            BinaryPrimitives.WriteUInt16BigEndian(rr.AsSpan(4), 1);
            BinaryPrimitives.WriteUInt32BigEndian(rr.AsSpan(6), 60);
            BinaryPrimitives.WriteUInt16BigEndian(rr.AsSpan(10), (ushort)rdata.Length);
            response.AddRange(rr);
            response.AddRange(rdata);
        }

        await _server.SendAsync(response.ToArray(), query.RemoteEndPoint);
        return string.Join('.', name);
    }
}
