namespace Loop.Engine.Persistence;

/// <summary>A journal stream's <see cref="EngineState"/> as JSON, saved as an Akka.Persistence snapshot.</summary>
/// <param name="Json">The state, serialized when the snapshot was taken (the state goes on changing after).</param>
internal sealed record StateSnapshot(byte[] Json);
