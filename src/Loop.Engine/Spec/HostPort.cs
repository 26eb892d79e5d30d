using System.Globalization;

namespace Loop.Engine.Spec;

/// <summary>Reads "host:port" (an IPv6 host in brackets), as tcp targets and cluster seed nodes are written.</summary>
internal static class HostPort
{
    /// <summary>Splits <paramref name="text"/> into a host and a port from 1 to 65535; false when it is not one.</summary>
    public static bool TryParse(string text, out string host, out int port)
    {
        var colon = text.LastIndexOf(':');
        host = colon > 0 ? text[..colon].Trim('[', ']') : string.Empty;
        port = 0;
        return colon > 0 && host.Length > 0
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;
    }
}
