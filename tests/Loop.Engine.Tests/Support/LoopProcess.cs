using System.Diagnostics;
using System.Text;

namespace Loop.Engine.Tests.Support;

/// <summary>Runs the real <c>loop</c> executable (loop.dll under dotnet) in a scratch folder and captures its output.</summary>
internal sealed class LoopProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private LoopProcess(Process process)
    {
        _process = process;
    }

    private bool _disposed;

    public static string LoopDll => Path.Combine(AppContext.BaseDirectory, "loop.dll");

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public int Id => _process.Id;

    /// <summary>Gets the engine's standard input (only when started with <see cref="StartWithInput"/>).</summary>
    public StreamWriter StandardInput => _process.StandardInput;

    public static LoopProcess Start(string workingDirectory, params string[] args) => Start(workingDirectory, false, args);

    /// <summary>Starts it with standard input open for writing (loop run --bus stdin).</summary>
    public static LoopProcess StartWithInput(string workingDirectory, params string[] args) => Start(workingDirectory, true, args);

    /// <summary>Waits for the endpoint's log line and returns its address (http://127.0.0.1:port).</summary>
    public async Task<string> EndpointAsync()
    {
        await WaitForOutputAsync("endpoint listening on", TimeSpan.FromSeconds(30));
        return System.Text.RegularExpressions.Regex.Match(Stdout, @"endpoint listening on (http://127\.0\.0\.1:\d+)").Groups[1].Value;
    }

    private static LoopProcess Start(string workingDirectory, bool input, string[] args)
    {
        // Through env --default-signal=INT: a test run started in the background (`./test.sh &`) has
        // SIGINT ignored, the engine would inherit that (as Unix daemons do) and a Ctrl+C test would wait
        // for a signal that never comes.
        var info = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(LoopDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        var result = new LoopProcess(process);
        process.OutputDataReceived += (_, e) => Append(result._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(result._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, params string[] args)
    {
        using var loop = Start(workingDirectory, args);
        var code = await loop.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (code, loop.Stdout, loop.Stderr);
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!Stdout.Contains(text, StringComparison.Ordinal))
        {
            if (watch.Elapsed > timeout || _process.HasExited)
            {
                throw new TimeoutException($"loop did not print '{text}' within {timeout.TotalSeconds} s. stdout: {Stdout} stderr: {Stderr}");
            }

            await Task.Delay(50);
        }
    }

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Say where it stood: the engine's own last lines are what explains a hang.
            var output = Stdout + Stderr;
            throw new TimeoutException($"loop (pid {_process.Id}) did not exit within {timeout.TotalSeconds:0} s; its last output:\n{output[Math.Max(0, output.Length - 3000)..]}");
        }

        _process.WaitForExit(); // drains the asynchronous output readers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
