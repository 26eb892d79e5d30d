namespace Loop.Actors.Loop;

/// <summary>Thrown in place of an adapter's call when an operator injected a crash (inject_fault mode crash).</summary>
public sealed class InjectedFaultException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="InjectedFaultException"/> class.</summary>
    public InjectedFaultException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InjectedFaultException"/> class.</summary>
    /// <param name="message">What happened.</param>
    public InjectedFaultException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InjectedFaultException"/> class.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="inner">The cause.</param>
    public InjectedFaultException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
