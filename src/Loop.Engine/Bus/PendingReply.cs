namespace Loop.Engine.Bus;

/// <summary>What answer a pending command waits for from the loop.</summary>
internal enum PendingReply
{
    /// <summary>None: it can be acked as soon as the commands before it were.</summary>
    None,

    /// <summary>The loop's ControlReply.</summary>
    Control,

    /// <summary>The loop's LoopStatus.</summary>
    Status,
}
