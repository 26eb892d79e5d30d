namespace Loop.Actors.Loop;

/// <summary>
/// The operator's commands to a running loop (the command bus maps its lines onto these). Each is
/// answered with one <see cref="ControlReply"/>.
/// </summary>
public sealed partial class LoopSupervisor
{
    /// <summary>Pauses the loop's side effects: ticks keep their grid, every adapter is skipped.</summary>
    public sealed record Pause;

    /// <summary>Resumes calling adapters.</summary>
    public sealed record Resume;

    /// <summary>Changes the tick interval from the next due tick on (the deadline stays and must stay below it).</summary>
    /// <param name="Interval">The new interval.</param>
    public sealed record SetTick(TimeSpan Interval);

    /// <summary>Adds an adapter (a name not in use).</summary>
    /// <param name="Definition">The adapter.</param>
    /// <param name="Why">The reason its <c>added</c> event gives.</param>
    /// <param name="Carry">What it brings from the node it ran on before (a cluster's handover), or null to start fresh.</param>
    public sealed record AddAdapter(AdapterDefinition Definition, string Why = "added by an operator", AdapterCarry? Carry = null)
    {
        /// <summary>Gets the spec the definition was read from, as JSON (add_adapter's args): what a cluster sends to the node that homes it.</summary>
        public string? Spec { get; init; }
    }

    /// <summary>
    /// What an adapter already in the loop brought from its last node, arriving after it was added fresh (a cluster's
    /// sweep can start its home a moment before the handover's message does): applied as <see cref="AddAdapter"/> would have.
    /// </summary>
    /// <param name="Adapter">Its name.</param>
    /// <param name="Carry">What it brought.</param>
    public sealed record CarryOver(string Adapter, AdapterCarry Carry);

    /// <summary>Takes an adapter out of the loop for another node to run: answered with its <see cref="AdapterCarry"/> as <c>carry</c>.</summary>
    /// <param name="Adapter">Its name.</param>
    /// <param name="Why">The reason its <c>removed</c> event gives.</param>
    public sealed record HandAdapterOver(string Adapter, string Why);

    /// <summary>Stops an adapter and takes it out of the loop.</summary>
    /// <param name="Adapter">Its name.</param>
    /// <param name="Why">The reason its <c>removed</c> event gives.</param>
    public sealed record RemoveAdapter(string Adapter, string Why = "removed by an operator");

    /// <summary>Restarts an adapter with a fresh restart budget (this also revives a parked one).</summary>
    /// <param name="Adapter">Its name.</param>
    public sealed record RestartAdapter(string Adapter);

    /// <summary>Brings a disabled adapter back into the loop.</summary>
    /// <param name="Adapter">Its name.</param>
    public sealed record EnableAdapter(string Adapter);

    /// <summary>Keeps an adapter out of the loop (skipped) until it is enabled; its actor stays.</summary>
    /// <param name="Adapter">Its name.</param>
    public sealed record DisableAdapter(string Adapter);

    /// <summary>Clears the success windows, restart counts and overrun count the loop reports (Prometheus counters stay monotonic).</summary>
    public sealed record ResetMetrics;

    /// <summary>Lowers a BLOCK by hand (ack_block); answered no_block when the scope is not at BLOCK.</summary>
    /// <param name="Scope"><c>loop</c> or <c>adapter:&lt;name&gt;</c>.</param>
    public sealed record AckBlock(string Scope);

    /// <summary>Makes an adapter's next <paramref name="Count"/> calls fail as <paramref name="Mode"/> says.</summary>
    /// <param name="Adapter">Its name.</param>
    /// <param name="Mode">The fault.</param>
    /// <param name="Count">How many calls.</param>
    public sealed record InjectFault(string Adapter, FaultMode Mode, int Count);

    /// <summary>The answer to a control command: ok with a result, or an error code and a message.</summary>
    /// <param name="ErrorCode">Null when ok; else a bus error code (unknown_adapter, invalid_state, invalid_args).</param>
    /// <param name="Message">What went wrong, for the operator.</param>
    /// <param name="Result">What the command did (JSON-friendly values).</param>
    public sealed record ControlReply(string? ErrorCode, string? Message, IReadOnlyDictionary<string, object?> Result)
    {
        /// <summary>Gets a value indicating whether the command was applied.</summary>
        public bool Ok => ErrorCode is null;

        internal static ControlReply Done(params (string Key, object? Value)[] result) =>
            new(null, null, result.ToDictionary(static r => r.Key, static r => r.Value, StringComparer.Ordinal));

        internal static ControlReply Fail(string code, string message) => new(code, message, new Dictionary<string, object?>());
    }
}
