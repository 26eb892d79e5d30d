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

    public abstract void Write(TextExpositionWriter writer);
}
