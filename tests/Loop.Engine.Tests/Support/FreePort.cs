using System.Net;
using System.Net.Sockets;

namespace Loop.Engine.Tests.Support;

/// <summary>A loopback port nobody listens on right now.</summary>
internal static class FreePort
{
    /// <summary>Ports nobody listens on right now, all different (held together while picked: one at a time may repeat).</summary>
    public static int[] Distinct(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(static _ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(static l => l.Start());
            return [.. listeners.Select(static l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(static l => l.Stop());
        }
    }

    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
