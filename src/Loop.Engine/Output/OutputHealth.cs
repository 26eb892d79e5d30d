namespace Loop.Engine.Output;

/// <summary>
/// Published when an output file's writes start failing (<paramref name="Problem"/>), go on dropping lines,
/// or work again (Problem null): /healthz says degraded and resonance_output_dropped_lines_total counts.
/// </summary>
/// <param name="File">The file as the spec names it.</param>
/// <param name="Problem">Why its writes fail; null once they work again.</param>
/// <param name="Dropped">Lines dropped by the flush that tells this.</param>
/// <param name="Changed">Whether writes just started failing or just work again (said once in the log, not per flush).</param>
internal sealed record OutputHealth(string File, string? Problem, int Dropped, bool Changed);
