using Loop.Actors.Cluster;
using Loop.Actors.Loop;
using Loop.Engine.Output;
using Loop.Engine.Persistence;

namespace Loop.Engine.Bus;

/// <summary>What the cluster keeps for its nodes: each adapter's state (the ledger) and the command ids it applied.</summary>
internal sealed partial class ClusterBus
{
    /// <summary>
    /// A node's changes to its adapters' state: taken into the ledger, journaled, and confirmed once written (a node
    /// that dies right after its change still has it kept).
    /// </summary>
    private void OnCarries(AdapterCarries batch)
    {
        Journal(_ledger.Take(batch));
        AnswerOnceWritten(new CarriesKept(batch.Sequence));
    }

    /// <summary>An adapter added on some node: the sweeps home it from now on; confirmed once journaled.</summary>
    private void OnAdmit(AdmitAdapter admit)
    {
        if (_ledger.Admit(admit.Adapter, admit.Spec))
        {
            _journal.Tell(new JournalWriter.KeepAdmitted(admit.Adapter, admit.Spec));
        }

        AnswerOnceWritten(new AdapterAdmitted(admit.Adapter));
    }

    /// <summary>The sender is answered once the journal has written what came before: a node that dies right after still has it kept.</summary>
    private void AnswerOnceWritten(object answer) =>
        _journal.Ask<Flush>(Flush.Instance, AnswerWithin).PipeTo(Sender, success: _ => answer, failure: _ => answer); // not written in time: it still is, later (the writer keeps it)

    private void ReceiveIdClaims()
    {
        Receive<ClaimId>(claim => Sender.Tell(_claims.Claim(claim.Id, claim.Node)));
        Receive<SettleId>(settle =>
        {
            if (_claims.Settle(settle.Id, settle.Applied))
            {
                _journal.Tell(new JournalWriter.KeepClaim(settle.Id));
            }
        });
    }

    private void Journal(List<KeyValuePair<string, AdapterCarry>> changes)
    {
        foreach (var (adapter, carry) in changes)
        {
            _journal.Tell(new JournalWriter.KeepCarry(adapter, carry));
        }
    }
}
