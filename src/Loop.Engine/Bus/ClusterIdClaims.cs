using Loop.Actors.Cluster;

namespace Loop.Engine.Bus;

/// <summary>
/// The command ids a cluster has applied, kept by its bus singleton so that the same id sent to two nodes is applied
/// once, as on one engine. A claim reserves an id while its command is under way (a second claim meanwhile is a
/// duplicate, as an id in flight is on one engine's bus); settled, it is kept (applied) or freed (an error ack). A
/// reservation never settled (its node died mid-command) lapses after <see cref="ReservationLasts"/>.
/// </summary>
internal sealed class ClusterIdClaims(RecentIds kept, TimeProvider time)
{
    /// <summary>How long a claimed id stays reserved without being settled.</summary>
    public static readonly TimeSpan ReservationLasts = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, (string Node, DateTimeOffset At)> _reserved = new(StringComparer.Ordinal);

    /// <summary>Gets how many ids are kept (applied).</summary>
    public int Kept => kept.Count;

    /// <summary>Claims <paramref name="id"/> for a command <paramref name="node"/> took.</summary>
    public IdClaimed Claim(string id, string node)
    {
        if (kept.Contains(id))
        {
            return new IdClaimed(false, null);
        }

        var now = time.GetUtcNow();
        if (_reserved.TryGetValue(id, out var reservation) && now - reservation.At < ReservationLasts)
        {
            return new IdClaimed(false, reservation.Node);
        }

        _reserved[id] = (node, now);
        return new IdClaimed(true, null);
    }

    /// <summary>Settles a claim; true when the id is now kept (to be journaled).</summary>
    public bool Settle(string id, bool applied)
    {
        _reserved.Remove(id);
        if (!applied)
        {
            return false;
        }

        kept.Add(id);
        return true;
    }
}
