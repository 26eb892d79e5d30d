using Loop.Actors.Adapters;
using Loop.Actors.Loop;

namespace Loop.Engine.Spec;

/// <summary>One entry of the spec's <c>adapters</c> list; exactly one of the kind settings is set.</summary>
internal sealed record AdapterSpec(
    string Name,
    string Kind,
    int TimeoutMs,
    RestartPolicy Restart,
    SyntheticAdapterOptions? Synthetic,
    HttpAdapterOptions? Http,
    CommandAdapterOptions? Command);
