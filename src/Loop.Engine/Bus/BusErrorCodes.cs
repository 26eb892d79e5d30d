namespace Loop.Engine.Bus;

/// <summary>The error codes of a bus ack (DESIGN.md: Command bus).</summary>
internal static class BusErrorCodes
{
    public const string ParseError = "parse_error";
    public const string NotAnObject = "not_an_object";
    public const string UnknownCmd = "unknown_cmd";
    public const string InvalidArgs = "invalid_args";
    public const string TooLarge = "too_large";
    public const string InvalidUtf8 = "invalid_utf8";
    public const string UnknownAdapter = "unknown_adapter";
    public const string InvalidState = "invalid_state";
    public const string NoBlock = "no_block";
    public const string Unavailable = "unavailable";
    public const string Forbidden = "forbidden";
    public const string LimitExceeded = "limit_exceeded";
    public const string JournalUnavailable = "journal_unavailable";
}
