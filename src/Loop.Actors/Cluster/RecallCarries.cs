namespace Loop.Actors.Cluster;

/// <summary>Asks the cluster's ledger what it keeps of every adapter: answered with <see cref="RecalledCarries"/>.</summary>
public sealed class RecallCarries
{
    /// <summary>The one instance.</summary>
    public static readonly RecallCarries Instance = new();
}
