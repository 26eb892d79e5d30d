using Loop.Actors.Cluster;

namespace Loop.Actors.Tests.Support;

/// <summary>
/// The cluster's ledger as a singleton holds it, without a journal: what the engine's cluster bus does for
/// <see cref="AdapterCarries"/>, <see cref="AdmitAdapter"/> and <see cref="RecallCarries"/>, for tests of the sharding alone.
/// </summary>
public sealed class LedgerKeeper : ReceiveActor
{
    public LedgerKeeper()
    {
        var ledger = new AdapterLedger([]);
        Receive<AdapterCarries>(batch =>
        {
            ledger.Take(batch);
            Sender.Tell(new CarriesKept(batch.Sequence));
        });
        Receive<AdmitAdapter>(admit =>
        {
            ledger.Admit(admit.Adapter, admit.Spec);
            Sender.Tell(new AdapterAdmitted(admit.Adapter));
        });
        Receive<RecallCarries>(_ => Sender.Tell(ledger.Recall()));
    }
}
