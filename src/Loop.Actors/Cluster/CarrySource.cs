namespace Loop.Actors.Cluster;

/// <summary>Where a <see cref="HomeAdapter"/>'s state came from, which decides whether a home already running takes it.</summary>
public enum CarrySource
{
    /// <summary>Nothing is known of the adapter's state (the cluster's ledger did not answer): it starts fresh.</summary>
    None,

    /// <summary>The cluster's ledger (<see cref="AdapterLedger"/>): what the node that ran it last relayed.</summary>
    Ledger,

    /// <summary>The node that ran it, handing it over (a leave, a rebalance): the freshest there is.</summary>
    Handover,
}
