namespace Loop.Actors.Runtime;

/// <summary>Settings of a <see cref="BackoffSupervisor"/> (Akka's <c>BackoffOptions</c>).</summary>
public sealed record BackoffOptions
{
    /// <summary>Gets the child's recipe.</summary>
    public required Props ChildProps { get; init; }

    /// <summary>Gets the child's name (the same for every incarnation).</summary>
    public required string ChildName { get; init; }

    /// <summary>Gets when the child is restarted.</summary>
    /// <value>The default value is <see cref="BackoffMode.OnFailure"/>.</value>
    public BackoffMode Mode { get; init; } = BackoffMode.OnFailure;

    /// <summary>Gets the delay before the first restart.</summary>
    /// <value>The default value is 1 s.</value>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the cap of the delay before the random part is applied (as in Akka).</summary>
    /// <value>The default value is 4 min.</value>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Gets the growth factor per restart.</summary>
    /// <value>The default value is 2.</value>
    public double Multiplier { get; init; } = 2.0;

    /// <summary>Gets the random part: the delay is multiplied by 1 + random[0,1) * RandomFactor.</summary>
    /// <value>The default value is 0.2.</value>
    public double RandomFactor { get; init; } = 0.2;

    /// <summary>Gets how many consecutive restarts are allowed before the supervisor gives up and stops; -1 is unlimited.</summary>
    /// <value>The default value is -1.</value>
    public int MaxNrOfRetries { get; init; } = -1;

    /// <summary>Gets a value indicating whether the restart count resets after the child ran <see cref="ResetBackoffAfter"/> without failing.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool AutoReset { get; init; } = true;

    /// <summary>Gets how long the child must run without failing for the restart count to reset; <see langword="null"/> means <see cref="MinBackoff"/>, Akka's default.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public TimeSpan? ResetBackoffAfter { get; init; }

    /// <summary>Gets the decider for the child's exceptions (OnFailure: Restart means "restart after the delay").</summary>
    /// <value>The default value is <see cref="SupervisorStrategy.DefaultDecider"/>.</value>
    public Func<Exception, Directive> Decider { get; init; } = SupervisorStrategy.DefaultDecider;

    /// <summary>Gets the source of the random part, a value in [0, 1); tests pass a fixed one.</summary>
    /// <value>The default value draws from <see cref="Random.Shared"/>.</value>
    public Func<double> Random { get; init; } = static () => System.Random.Shared.NextDouble();

    /// <summary>
    /// Gets the actor that receives (forwarded, sender kept) the messages that arrive while the child
    /// is down; null sends them to dead letters (Akka's <c>WithHandlerWhileStopped</c>).
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IActorRef? HandlerWhileStopped { get; init; }

    /// <summary>Gets the reset window in effect.</summary>
    public TimeSpan EffectiveResetBackoffAfter => ResetBackoffAfter ?? MinBackoff;

    /// <summary>Checks every setting and reports every problem in one exception.</summary>
    /// <exception cref="ArgumentException">One line per invalid setting.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (ChildProps is null)
        {
            errors.Add("ChildProps must be set.");
        }

        if (string.IsNullOrWhiteSpace(ChildName))
        {
            errors.Add("ChildName must be a non-empty name.");
        }

        if (MinBackoff <= TimeSpan.Zero)
        {
            errors.Add($"MinBackoff must be > 0 (got {MinBackoff}).");
        }

        if (MaxBackoff < MinBackoff)
        {
            errors.Add($"MaxBackoff must be >= MinBackoff (got {MaxBackoff} < {MinBackoff}).");
        }

        if (!(Multiplier >= 1.0) || double.IsInfinity(Multiplier))
        {
            errors.Add($"Multiplier must be a finite number >= 1 (got {Multiplier}).");
        }

        if (!(RandomFactor >= 0.0 && RandomFactor <= 1.0))
        {
            errors.Add($"RandomFactor must be between 0 and 1 (got {RandomFactor}).");
        }

        if (MaxNrOfRetries < -1)
        {
            errors.Add($"MaxNrOfRetries must be -1 (unlimited) or >= 0 (got {MaxNrOfRetries}).");
        }

        if (ResetBackoffAfter is { } reset && reset <= TimeSpan.Zero)
        {
            errors.Add($"ResetBackoffAfter must be > 0 (got {reset}).");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("The 'BackoffOptions' are invalid." + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }
    }
}
