namespace Loop.Engine.Spec;

/// <summary>A spec, or every problem found in it.</summary>
internal sealed record SpecLoadResult(LoopSpec? Spec, IReadOnlyList<SpecProblem> Problems)
{
    public bool IsValid => Spec is not null && Problems.Count == 0;
}
