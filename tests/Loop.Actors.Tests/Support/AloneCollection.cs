namespace Loop.Actors.Tests.Support;

/// <summary>
/// Tests that run real-time clusters (remoting, failure detection): xunit runs this collection by itself once the
/// parallel ones are done, so a starved machine does not read as an unreachable node.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
