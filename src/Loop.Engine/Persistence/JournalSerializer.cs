using Akka.Serialization;

namespace Loop.Engine.Persistence;

/// <summary>
/// How the journal's events and snapshots are stored: their JSON as it is, the kind as the manifest.
/// Bound in place of Akka's default (Newtonsoft with <c>$type</c>), so a row names no .NET type and a
/// renamed class never makes a journal unreadable.
/// </summary>
internal sealed class JournalSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Gets the id stored with every row (Akka reserves 0-100).</summary>
    public const int Id = 9108;

    public override int Identifier => Id;

    public override byte[] ToBinary(object obj) => obj switch
    {
        JournaledEvent e => e.Json,
        StateSnapshot s => s.Json,
        _ => throw new ArgumentException($"the journal does not store {obj.GetType().Name}", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) =>
        manifest == JournalManifests.State ? new StateSnapshot(bytes) : new JournaledEvent(manifest, bytes);

    public override string Manifest(object o) => o switch
    {
        JournaledEvent e => e.Kind,
        StateSnapshot => JournalManifests.State,
        _ => throw new ArgumentException($"the journal does not store {o.GetType().Name}", nameof(o)),
    };
}
