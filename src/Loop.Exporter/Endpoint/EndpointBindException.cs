namespace Loop.Exporter.Endpoint;

/// <summary>The endpoint could not bind its address (the port is in use, or the address is not this host's).</summary>
public sealed class EndpointBindException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">A sentence naming the address and what to do.</param>
    /// <param name="innerException">Kestrel's exception.</param>
    public EndpointBindException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
