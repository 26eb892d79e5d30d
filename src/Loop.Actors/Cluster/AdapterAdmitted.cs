namespace Loop.Actors.Cluster;

/// <summary>The ledger's answer to <see cref="AdmitAdapter"/>: the added adapter is journaled (or was already).</summary>
/// <param name="Adapter">The adapter's name.</param>
public sealed record AdapterAdmitted(string Adapter);
