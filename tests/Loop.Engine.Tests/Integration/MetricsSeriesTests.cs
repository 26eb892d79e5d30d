using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>
/// The live engine's series as prometheus-net serves them (issue 14): a removed adapter's series go with
/// it, and OpenMetrics, when asked for, carries the tick of each adapter's latest observation as an exemplar.
/// </summary>
public sealed partial class MetricsSeriesTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task RemoveAdapter_EverySeriesOfItGoes_TheOthersStay()
    {
        await using var run = await BusRun.StartAsync();
        await run.WaitForTicksAsync(3);
        var before = await Http.GetStringAsync(run.Endpoint + "/metrics");
        Assert.Contains("resonance_adapter_latency_seconds_count{adapter=\"b\"}", before, StringComparison.Ordinal);
        Assert.Contains("resonance_adapter_success_rate{adapter=\"b\"}", before, StringComparison.Ordinal);
        Assert.Contains("resonance_r_axis_level{scope=\"adapter:b\"} 0", before, StringComparison.Ordinal);

        using var ack = await Http.PostAsync(run.Endpoint + "/bus", BusContent.Of("{\"cmd\":\"remove_adapter\",\"args\":{\"name\":\"b\"}}\n"));
        Assert.Contains("\"ok\":true", await ack.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ticked = run.Ticks;
        await run.WaitForTicksAsync(ticked + 3); // ticks after the removal record nothing for it
        var after = await Http.GetStringAsync(run.Endpoint + "/metrics");

        // No stale 0 and no NaN: not one line names it, in any family.
        Assert.DoesNotContain("adapter=\"b\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("scope=\"adapter:b\"", after, StringComparison.Ordinal);
        Assert.Contains("resonance_adapter_results_total{adapter=\"a\",outcome=\"ok\",reason=\"\"}", after, StringComparison.Ordinal);
        Assert.Contains("resonance_adapter_state{adapter=\"a\",state=\"running\"} 1", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptOpenMetrics_AdapterLatencyCarriesItsTickAsExemplar_TextFormatHasNone()
    {
        await using var run = await BusRun.StartAsync();
        await run.WaitForTicksAsync(3);
        using var request = new HttpRequestMessage(HttpMethod.Get, run.Endpoint + "/metrics");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/openmetrics-text; version=1.0.0"));

        using var response = await Http.SendAsync(request);
        var text = await Http.GetStringAsync(run.Endpoint + "/metrics");

        Assert.StartsWith("application/openmetrics-text; version=1.0.0", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var body = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);
        var exemplar = AdapterExemplar().Match(body);
        Assert.True(exemplar.Success, "no adapter latency bucket of adapter a carries a tick exemplar:\n" + body);

        // The exemplar names a tick the engine ran: its row is in metrics.csv (written just after the metrics are recorded).
        var tick = int.Parse(exemplar.Groups["tick"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(tick >= 1, $"tick {tick}");
        await run.WaitForTicksAsync(tick);
        Assert.DoesNotContain("# {", text, StringComparison.Ordinal);
    }

    [GeneratedRegex("resonance_adapter_latency_seconds_bucket\\{adapter=\"a\",le=\"[^\"]+\"\\} \\d+ # \\{tick=\"(?<tick>\\d+)\"\\} [0-9.e-]+")]
    private static partial Regex AdapterExemplar();
}
