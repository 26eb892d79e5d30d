namespace Loop.Engine.Alerting;

/// <summary>Published when a post to Alertmanager failed; the notifier retries after <paramref name="RetryIn"/>.</summary>
internal sealed record AlertmanagerUnavailable(Uri Alerts, string Problem, TimeSpan RetryIn);
