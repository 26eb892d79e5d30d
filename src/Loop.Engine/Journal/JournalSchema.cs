namespace Loop.Engine.Journal;

/// <summary>The journal's schema version, one for every provider (their tables change together), and how a newer one is refused.</summary>
internal static class JournalSchema
{
    /// <summary>The schema this binary writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Throws when <paramref name="found"/> is newer than <see cref="Version"/>: such a journal is refused, not misread.</summary>
    /// <param name="found">The version the store says it has (null: none yet).</param>
    /// <param name="where">The journal, as a user knows it.</param>
    /// <param name="elsewhere">What to point elsewhere instead (--data, storage.connection).</param>
    public static void RefuseNewer(long? found, string where, string elsewhere)
    {
        if (found > Version)
        {
            throw new JournalException($"{where} has schema version {found}, newer than this loop knows ({Version}); run the loop that wrote it, or point {elsewhere} at another one");
        }
    }
}
