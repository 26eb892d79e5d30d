namespace Loop.Engine.Bus;

/// <summary>Where a command is with the journal: it is acked only once written (or never needed writing).</summary>
internal enum JournalStep
{
    /// <summary>Not sent to the journal (yet, or at all: an error from stdin or HTTP changes nothing that must survive).</summary>
    None,

    /// <summary>Sent; its ack waits for the journal's answer.</summary>
    Writing,

    /// <summary>Written (or the journal failed and said so): it can be acked.</summary>
    Written,
}
