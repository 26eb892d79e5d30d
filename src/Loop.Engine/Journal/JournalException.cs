namespace Loop.Engine.Journal;

/// <summary>The journal cannot be used as it is (a schema too new for this binary, a sequence written twice); the message says what to do.</summary>
internal sealed class JournalException : Exception
{
    public JournalException()
    {
    }

    public JournalException(string message)
        : base(message)
    {
    }

    public JournalException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
