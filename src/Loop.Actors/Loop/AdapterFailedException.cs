namespace Loop.Actors.Loop;

/// <summary>An adapter had too many consecutive transient failures; its supervisor restarts it after a delay.</summary>
public sealed class AdapterFailedException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">How many failures and the last one.</param>
    public AdapterFailedException(string message)
        : base(message)
    {
    }
}
