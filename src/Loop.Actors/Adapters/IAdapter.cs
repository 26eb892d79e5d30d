namespace Loop.Actors.Adapters;

/// <summary>
/// One thing the loop checks every tick: an HTTP probe, a command, a synthetic check. An adapter
/// reports expected failures as outcomes; an exception it throws is a crash, which its supervisor
/// answers with a restart after a backoff delay.
/// </summary>
public interface IAdapter : IDisposable
{
    /// <summary>Makes one call for tick <paramref name="tick"/>.</summary>
    /// <param name="tick">The tick number.</param>
    /// <param name="cancellationToken">Cancelled when the call's timeout elapses or the adapter stops.</param>
    /// <returns>The outcome; an OperationCanceledException after the token fired counts as a timeout.</returns>
    Task<AdapterCallResult> CallAsync(long tick, CancellationToken cancellationToken);
}
