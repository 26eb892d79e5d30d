namespace Loop.Load.Simulations;

/// <summary>The shapes of load NBomber users know; the first two are open-model, the next two closed-model.</summary>
public enum LoadSimulationKind
{
    /// <summary>A fixed number of new calls per interval, whatever the target does (open model).</summary>
    Inject,

    /// <summary>Calls per interval moving linearly from the previous simulation's rate to this one's (open model).</summary>
    RampingInject,

    /// <summary>A fixed number of copies, each calling again as soon as its call ends (closed model).</summary>
    KeepConstant,

    /// <summary>Copies moving linearly from the previous simulation's count to this one's (closed model).</summary>
    RampingConstant,

    /// <summary>No calls for a while.</summary>
    Pause,
}
