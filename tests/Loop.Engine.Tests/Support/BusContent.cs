using System.Text;

namespace Loop.Engine.Tests.Support;

/// <summary>A POST /bus body as a client must send it: JSON lines, declared application/x-ndjson.</summary>
internal static class BusContent
{
    public static StringContent Of(string lines) => new(lines, Encoding.UTF8, "application/x-ndjson");
}
