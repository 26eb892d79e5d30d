namespace Loop.Engine.Verify;

/// <summary>One pass/fail judgement of verify.</summary>
internal sealed record VerifyCriterion(string Name, bool Pass, double Observed, double Threshold, string Text);
