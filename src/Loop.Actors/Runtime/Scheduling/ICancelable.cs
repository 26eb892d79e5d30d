namespace Loop.Actors.Runtime;

/// <summary>A handle to something scheduled that can be cancelled (Akka's <c>ICancelable</c>).</summary>
public interface ICancelable
{
    /// <summary>Gets a value indicating whether <see cref="Cancel"/> was called.</summary>
    bool IsCancellationRequested { get; }

    /// <summary>Cancels: no further message is sent. Idempotent.</summary>
    void Cancel();
}
