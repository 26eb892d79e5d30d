using Loop.Load.Simulations;
using Loop.Load.Thresholds;

namespace Loop.Engine.LoadTesting;

/// <summary>One scenario of a load file: an HTTP request, the load, and what it must meet.</summary>
internal sealed record ScenarioFileEntry(
    string Name,
    HttpRequestTemplate Request,
    TimeSpan Timeout,
    int Connections,
    TimeSpan WarmUp,
    TimeSpan Think,
    IReadOnlyList<LoadSimulation> Load,
    IReadOnlyList<Threshold> Thresholds);
