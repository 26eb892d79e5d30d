using System.Diagnostics;
using System.Text.Json;

namespace Loop.Engine.Tests.Support;

/// <summary>A real Alertmanager (Debian's prometheus-alertmanager) on a loopback port, and the alerts it shows.</summary>
internal sealed class AlertmanagerServer : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Process _process;

    private AlertmanagerServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts one on <paramref name="port"/> with its config and data under <paramref name="scratch"/>.</summary>
    public static AlertmanagerServer Start(string scratch, int port)
    {
        var config = Path.Combine(scratch, "alertmanager.yml");
        File.WriteAllText(config, "route: { receiver: sink }\nreceivers: [ { name: sink } ]\n");
        var info = new ProcessStartInfo("prometheus-alertmanager")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "--config.file=" + config,
                "--storage.path=" + Path.Combine(scratch, "am-data"),
                $"--web.listen-address=127.0.0.1:{port}",
                "--cluster.listen-address=",
            },
        };
        var process = Process.Start(info)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new AlertmanagerServer(process, port);
    }

    /// <summary>The alerts Alertmanager shows as not resolved; none while it is not listening yet.</summary>
    public static List<JsonElement> Alerts(int port)
    {
        try
        {
            var body = Http.GetStringAsync($"http://127.0.0.1:{port}/api/v2/alerts").GetAwaiter().GetResult();
            return JsonDocument.Parse(body).RootElement.EnumerateArray().Select(static a => a.Clone()).ToList();
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    public static string? Label(JsonElement alert, string name) =>
        alert.GetProperty("labels").TryGetProperty(name, out var value) ? value.GetString() : null;

    public List<JsonElement> Alerts() => Alerts(Port);

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
