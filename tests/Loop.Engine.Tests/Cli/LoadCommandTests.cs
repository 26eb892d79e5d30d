using System.Globalization;
using Loop.Engine.Tests.Support;
using Loop.Load.Reports;
using Loop.Load.Tests.Support;

namespace Loop.Engine.Tests.Cli;

/// <summary><c>loop load http</c> and <c>loop load run</c> through the real executable, against a real Kestrel target.</summary>
public sealed class LoadCommandTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task Http_HealthyTarget_CanaryGatePasses_ExitZero()
    {
        await using var target = await TargetServer.StartAsync();

        var (code, stdout, stderr) = await LoopProcess.RunAsync(_scratch.Path, "load", "http", "--url", target.Url("/ok").ToString(), "--rate", "50", "--duration", "2s", "--no-reports");

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("verdict: PASS", stdout, StringComparison.Ordinal);
        Assert.Equal(101, target.Count); // 100 calls and the preflight
    }

    [Fact]
    public async Task Http_FivePercentErrors_CanaryGateSaysUnhealthy_ExitOne()
    {
        await using var target = await TargetServer.StartAsync();

        var (code, stdout, _) = await LoopProcess.RunAsync(_scratch.Path, "load", "http", "--url", target.Url("/fail").ToString(), "--rate", "100", "--duration", "2s", "--no-reports");

        Assert.Equal(1, code);
        Assert.Contains("verdict: UNHEALTHY", stdout, StringComparison.Ordinal);
        Assert.Matches(@"fail=0\.5%\s+5\.\d+%\s+FAIL", stdout);
        Assert.Contains("500: 10", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p95=200ms", 1, "UNHEALTHY")]
    [InlineData("p95=2s", 0, "PASS")]
    public async Task Http_TargetAnswering250Ms_GateJudgesP95OnTheRightSide(string gate, int exit, string verdict)
    {
        await using var target = await TargetServer.StartAsync();

        var (code, stdout, stderr) = await LoopProcess.RunAsync(_scratch.Path, "load", "http", "--url", target.Url("/sleep?ms=250").ToString(), "--rate", "20", "--duration", "2s", "--gate", gate, "--no-reports");

        Assert.True(code == exit, stdout + stderr);
        Assert.Contains("verdict: " + verdict, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_PresetGentle_ThreeRequestsTwoSecondsApart()
    {
        await using var target = await TargetServer.StartAsync();

        var (code, stdout, stderr) = await LoopProcess.RunAsync(_scratch.Path, "load", "http", "--url", target.Url("/ok").ToString(), "--preset", "gentle", "--no-reports");

        Assert.True(code == 0, stdout + stderr);
        var probes = target.ArrivalSeconds.Skip(1).ToList(); // after the preflight
        Assert.Equal(3, probes.Count);
        Assert.InRange(probes[1] - probes[0], 1.9, 2.1);
        Assert.InRange(probes[2] - probes[1], 1.9, 2.1);
    }

    [Fact]
    public async Task Http_Reports_CsvHasItsColumnsAndMarkdownIsATable()
    {
        await using var target = await TargetServer.StartAsync();
        var folder = Path.Combine(_scratch.Path, "reports");

        var (code, stdout, stderr) = await LoopProcess.RunAsync(_scratch.Path, "load", "http", "--url", target.Url("/ok").ToString(), "--rate", "40", "--duration", "1s", "--report-folder", folder);

        Assert.True(code == 0, stdout + stderr);
        var csv = File.ReadAllLines(Directory.GetFiles(folder, "*.csv").Single());
        Assert.Equal(string.Join(',', CsvReport.Columns), csv[0]);
        var row = csv[1].Split(',');
        Assert.Equal(CsvReport.Columns.Count, row.Length);
        Assert.Equal(["http", "(all)", "40", "40", "0"], row[..5]);
        foreach (var cell in row[5..])
        {
            Assert.True(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"'{cell}' in {csv[1]}");
        }

        var table = File.ReadAllLines(Directory.GetFiles(folder, "*.md").Single()).SkipWhile(static l => !l.StartsWith('|')).TakeWhile(static l => l.StartsWith('|')).ToList();
        Assert.Equal(3, table.Count); // header, separator, the one row
        Assert.All(table, l => Assert.Equal(16, l.Count(static c => c == '|')));
        Assert.Matches(@"^\|(---:?\|)+$", table[1]);
        var html = File.ReadAllText(Directory.GetFiles(folder, "*.html").Single());
        Assert.Equal(2, html.Split("<svg", StringSplitOptions.None).Length - 1);
        Assert.Contains("verdict: PASS", File.ReadAllText(Directory.GetFiles(folder, "*.txt").Single()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nothing listens here", "cannot reach", "--url", "http://127.0.0.1:1/", "--rate", "10", "--duration", "1s")]
    [InlineData("a rate of 0", "--rate must be at least 1", "--url", "http://127.0.0.1:1/", "--rate", "0", "--duration", "1s")]
    [InlineData("a gate it cannot read", "--gate", "--url", "http://127.0.0.1:1/", "--gate", "p95<fast")]
    [InlineData("a gate on a figure it does not measure", "names no figure", "--url", "http://127.0.0.1:1/", "--gate", "jitter_p99=2ms")]
    [InlineData("a URL that is not http", "--url must be an http", "--url", "ftp://example.org/")]
    [InlineData("a preset and a rate", "not both", "--url", "http://127.0.0.1:1/", "--preset", "normal", "--rate", "5")]
    [InlineData("a method HTTP has not", "--method must be one of", "--url", "http://127.0.0.1:1/", "--method", "G ET")]
    [InlineData("a header that is not Name: value", "--header must be", "--url", "http://127.0.0.1:1/", "--header", "nocolon")]
    public async Task Http_BadInput_OneLineExitTwo(string why, string message, params string[] args)
    {
        var (code, stdout, stderr) = await LoopProcess.RunAsync(_scratch.Path, ["load", "http", .. args]);

        Assert.True(code == 2, $"{why}: exit {code}; {stdout}{stderr}");
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FileWithTwoScenarios_BothRunAndTheirThresholdsAreJudged()
    {
        await using var target = await TargetServer.StartAsync();
        var file = Path.Combine(_scratch.Path, "load.yaml");
        await File.WriteAllTextAsync(file, $$"""
            report: { folder: out, name: nightly, formats: [csv] }
            scenarios:
              - name: fast
                request: { url: "{{target.Url("/ok")}}", headers: { X-Load: loop } }
                load:
                  - { inject: 30, interval: 1s, during: 1s }
                thresholds: "p95=1s,fail=0.5%"
              - name: failing
                request: { url: "{{target.Url("/fail")}}" }
                load:
                  - { keep_constant: 2, during: 1s }
                thresholds: "fail=0.5%"
            """);

        var (code, stdout, stderr) = await LoopProcess.RunAsync(_scratch.Path, "load", "run", file);

        Assert.True(code == 1, stdout + stderr);
        Assert.Matches(@"fast\s+p95=1s\s+[0-9.]+ ms\s+pass", stdout);
        Assert.Matches(@"failing\s+fail=0\.5%\s+[0-9.]+%\s+FAIL", stdout);
        var csv = File.ReadAllLines(Path.Combine(_scratch.Path, "out", "nightly.csv"));
        Assert.Equal(["fast", "failing"], csv.Skip(1).Select(static l => l.Split(',')[0]));
        Assert.StartsWith("fast,(all),30,30,0,", csv[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MalformedFile_EveryProblemWithItsLine_ExitTwo()
    {
        var file = Path.Combine(_scratch.Path, "bad.yaml");
        await File.WriteAllTextAsync(file, """
            scenarios:
              - name: a
                request: { url: "http://127.0.0.1:1/" }
                load:
                  - { inject: 0, during: 5s }
                  - { keep_constant: 3 }
                tresholds: "p95=200ms"
            """);

        var (code, stdout, stderr) = await LoopProcess.RunAsync(_scratch.Path, "load", "run", file);

        Assert.Equal(2, code);
        Assert.Contains("bad.yaml:5: scenarios[0].load[0].inject: must be at least 1", stderr, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:6: scenarios[0].load[1].keep_constant: needs during", stderr, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:7: scenarios[0].tresholds: unknown key", stderr, StringComparison.Ordinal);
        Assert.EndsWith("fix the load file and run again.", stderr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_MethodHead_AnsweredWithoutABody_NoCallHangsToItsTimeout()
    {
        await using var target = await TargetServer.StartAsync();

        var (code, stdout, stderr) = await LoopProcess.RunAsync(_scratch.Path, "load", "http", "--url", target.Url("/ok").ToString(), "--method", "HEAD", "--rate", "20", "--duration", "1s", "--timeout", "2s", "--gate", "none", "--no-reports");

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("status codes 405: 20", stdout, StringComparison.Ordinal); // the route is GET only; what matters is that none timed out
    }

    [Fact]
    public async Task Http_CtrlC_ReportsWhatRanAndSaysItStoppedEarly()
    {
        await using var target = await TargetServer.StartAsync();
        using var load = LoopProcess.Start(_scratch.Path, "load", "http", "--url", target.Url("/ok").ToString(), "--rate", "50", "--duration", "60s", "--no-reports");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (target.Count < 30 && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
        }

        load.Signal("INT");
        var code = await load.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.True(code == 0, load.Stdout + load.Stderr);
        Assert.Contains("stopped early", load.Stdout, StringComparison.Ordinal);
        var counted = System.Text.RegularExpressions.Regex.Match(load.Stdout, @"^http\s+\(all\)\s+(\d+)\s", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(counted.Success, load.Stdout);
        Assert.InRange(int.Parse(counted.Groups[1].Value, CultureInfo.InvariantCulture), 29, 1000); // what ran, not 3,000
        Assert.DoesNotContain("   at ", load.Stdout + load.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Dispose();
}
