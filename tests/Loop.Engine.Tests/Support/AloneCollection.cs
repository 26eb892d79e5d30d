namespace Loop.Engine.Tests.Support;

/// <summary>
/// Tests too heavy to share two cores with the rest (a real Chromium, an engine with 10,000 adapters):
/// xunit runs this collection by itself once the parallel ones are done, so neither they nor the others
/// measure a starved machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
