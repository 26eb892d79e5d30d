using Loop.Engine.LoadTesting;
using Loop.Load.Simulations;

namespace Loop.Engine.Tests.LoadTesting;

public sealed class ScenarioFileTests
{
    [Fact]
    public void Load_TheExampleInSpecs_HasNoProblems()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "specs", "load_example.yaml");

        var (file, problems) = ScenarioFile.Load(path);

        Assert.Empty(problems);
        Assert.Equal(["health", "orders"], file!.Scenarios.Select(static s => s.Name));
        Assert.Equal([LoadSimulationKind.RampingInject, LoadSimulationKind.Inject, LoadSimulationKind.Pause], file.Scenarios[0].Load.Select(static l => l.Kind));
        Assert.Equal(TimeSpan.FromSeconds(1), file.Scenarios[1].Think);
        Assert.Equal("POST", file.Scenarios[1].Request.Method.Method);
        Assert.Equal(2, file.Scenarios[0].Thresholds.Count);
    }
}
