namespace Loop.TestKit;

/// <summary>An expectation of the TestKit was not met; test frameworks report it as a failure.</summary>
public sealed class TestKitAssertionException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What was expected and what happened.</param>
    public TestKitAssertionException(string message)
        : base(message)
    {
    }
}
