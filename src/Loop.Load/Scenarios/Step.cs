using Loop.Load.Stats;

namespace Loop.Load.Scenarios;

/// <summary>
/// A named part of a scenario's call, counted on its own row of the report (NBomber's <c>Step.Run</c>).
/// An exception from the step counts as a failure and is passed on to the scenario.
/// </summary>
public static class Step
{
    /// <summary>Runs <paramref name="run"/> as the step <paramref name="name"/> of the call <paramref name="context"/>.</summary>
    /// <param name="name">The step's name.</param>
    /// <param name="context">The scenario call it belongs to.</param>
    /// <param name="run">The step's work.</param>
    /// <returns>What the step came to.</returns>
    public static async Task<Response> Run(string name, ScenarioContext context, Func<Task<Response>> run)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        var stats = context.Stats.Step(name);
        var start = context.StepStart;
        try
        {
            var response = await run().ConfigureAwait(false);
            var end = ScenarioContext.Now();
            stats.Record(response, start, end);
            context.StepStart = end;
            return response;
        }
        catch (Exception ex)
        {
            var end = ScenarioContext.Now();
            stats.Record(StepStats.FailureOf(ex), start, end);
            context.StepStart = end;
            throw;
        }
    }
}
