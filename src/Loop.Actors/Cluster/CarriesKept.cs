namespace Loop.Actors.Cluster;

/// <summary>The ledger's answer to <see cref="AdapterCarries"/>: the batch is journaled (or was old news).</summary>
/// <param name="Sequence">The batch's number.</param>
public sealed record CarriesKept(long Sequence);
