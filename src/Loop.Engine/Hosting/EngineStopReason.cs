namespace Loop.Engine.Hosting;

/// <summary>Why the engine runs Akka's CoordinatedShutdown: what events.jsonl's <c>stopped</c> line says.</summary>
internal sealed class EngineStopReason : Akka.Actor.CoordinatedShutdown.Reason
{
    public static readonly EngineStopReason Ticks = new("ticks");
    public static readonly EngineStopReason StopCommand = new("stop command");
    public static readonly EngineStopReason Signal = new("signal");

    private EngineStopReason(string name) => Name = name;

    public string Name { get; }

    /// <summary>Gets 0: each of these is a clean stop (Akka would pass it to the process if exit-clr were on).</summary>
    public override int ExitCode => 0;

    /// <summary>Names any reason: the engine's own, or Akka's (a process exit is a signal).</summary>
    public static string NameOf(Akka.Actor.CoordinatedShutdown.Reason? reason) => reason switch
    {
        EngineStopReason engine => engine.Name,
        Akka.Actor.CoordinatedShutdown.ClrExitReason => Signal.Name,
        null => Signal.Name,
        _ => reason.GetType().Name,
    };

    public override string ToString() => Name;
}
