namespace Loop.Engine.Output;

/// <summary>A lifecycle line for events.jsonl: the engine started or stopped, or the commands file was reset.</summary>
/// <param name="Event">started, stopped...</param>
/// <param name="Fields">Extra fields of the line.</param>
internal sealed record EngineLifecycle(string Event, IReadOnlyDictionary<string, object?> Fields);
