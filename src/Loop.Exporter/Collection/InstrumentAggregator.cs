using Loop.Exporter.Exposition;

namespace Loop.Exporter.Collection;

/// <summary>Aggregates one instrument's measurements by series and writes them as one metric family.</summary>
internal abstract class InstrumentAggregator(string name, string help)
{
    // Measurements come from the instrument's threads, scrapes from the endpoint's: one lock, rarely contended.
    protected readonly object Gate = new();

    public string Name { get; } = name;

    public string Help { get; } = help;

    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Called before observable instruments report, once per scrape (scrapes never overlap).</summary>
    /// <param name="collection">The scrape's number: series not reported in it are gone.</param>
    public virtual void BeginCollection(long collection)
    {
    }

    public abstract void Write(TextExpositionWriter writer);
}
