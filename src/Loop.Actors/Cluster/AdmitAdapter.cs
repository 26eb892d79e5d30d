namespace Loop.Actors.Cluster;

/// <summary>
/// To the cluster's ledger, from the router that applied add_adapter: the adapter is the cluster's from now on, homed
/// with this spec after its node dies or the cluster restarts. Answered <see cref="AdapterAdmitted"/> once journaled.
/// </summary>
/// <param name="Adapter">The adapter's name.</param>
/// <param name="Spec">Its spec, as JSON.</param>
public sealed record AdmitAdapter(string Adapter, string Spec);
