using Loop.Load.Http;
using Loop.Load.Results;
using Loop.Load.Running;
using Loop.Load.Scenarios;
using Loop.Load.Simulations;

namespace Loop.Load.Tests.Support;

/// <summary>Runs one HTTP GET scenario under the given simulations and returns its result.</summary>
internal static class Runs
{
    public static Task<ScenarioResult> GetAsync(Uri url, int connections, params LoadSimulation[] simulations) =>
        GetAsync(url, connections, TimeSpan.Zero, simulations);

    public static async Task<ScenarioResult> GetAsync(Uri url, int connections, TimeSpan warmUp, params LoadSimulation[] simulations)
    {
        using var client = HttpScenario.Client(connections);
        var scenario = Scenario.Create("get", ctx => HttpScenario.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, url), TimeSpan.FromSeconds(10), ctx.CancellationToken))
            .WithLoadSimulations(simulations)
            .WithWarmUpDuration(warmUp);
        var result = await LoadRunner.RegisterScenarios(scenario).RunAsync();
        return result.Scenarios.Single();
    }
}
