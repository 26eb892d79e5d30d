using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;
using Loop.Load.Scenarios;

namespace Loop.Load.Stats;

/// <summary>
/// One row of the report while it fills: ok and failed latencies in HdrHistogram recorders (lock-free for
/// the many callers), bytes and status codes. A sampler swaps the recorders once a second, which gives the
/// timeline, and adds each interval into the totals.
/// </summary>
internal sealed class StepStats(string name)
{
    /// <summary>Latencies are kept in microseconds, from 1 µs to an hour, to 3 significant digits.</summary>
    internal const long HighestMicros = 3_600_000_000;

    private readonly Recorder _ok = NewRecorder();
    private readonly Recorder _fail = NewRecorder();
    private readonly ConcurrentDictionary<string, long> _statusCodes = new(StringComparer.Ordinal);
    private readonly object _sampleLock = new();
    private HistogramBase? _okInterval;
    private HistogramBase? _failInterval;
    private long _bytes;

    public string Name { get; } = name;

    public LongHistogram OkTotal { get; } = NewHistogram();

    public LongHistogram FailTotal { get; } = NewHistogram();

    public long Bytes => Interlocked.Read(ref _bytes);

    public IReadOnlyDictionary<string, long> StatusCodes => _statusCodes;

    public static Response FailureOf(Exception ex) => ex switch
    {
        OperationCanceledException => Response.Fail("cancelled", ex.Message),
        _ => Response.Fail("exception", $"{ex.GetType().Name}: {ex.Message}"),
    };

    public void Record(Response response, long startTimestamp, long endTimestamp)
    {
        var micros = Math.Clamp((long)Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).TotalMicroseconds, 1, HighestMicros);
        (response.IsOk ? _ok : _fail).RecordValue(micros);
        if (response.SizeBytes != 0)
        {
            Interlocked.Add(ref _bytes, response.SizeBytes);
        }

        _statusCodes.AddOrUpdate(response.StatusCode, 1, static (_, n) => n + 1);
    }

    /// <summary>Moves what was recorded since the last sample into the totals; returns that interval's (ok, fail) histograms.</summary>
    public (HistogramBase Ok, HistogramBase Fail) Sample()
    {
        lock (_sampleLock)
        {
            _okInterval = _ok.GetIntervalHistogram(_okInterval);
            _failInterval = _fail.GetIntervalHistogram(_failInterval);
            OkTotal.Add(_okInterval);
            FailTotal.Add(_failInterval);
            return (_okInterval, _failInterval);
        }
    }

    internal static LongHistogram NewHistogram() => new(1, HighestMicros, 3);

    // Many callers record at once: the recorder's histograms must take concurrent writes (a plain LongHistogram loses counts).
    private static Recorder NewRecorder() => new(1, HighestMicros, 3, static (id, low, high, digits) => new LongConcurrentHistogram(id, low, high, digits));
}
