namespace Loop.Actors.Runtime;

/// <summary>
/// Sends messages later or at a fixed rate (Akka's <c>IScheduler</c>). Times come from the system's
/// <see cref="TimeProvider"/>; a message is never sent before it is due.
/// </summary>
public interface IScheduler
{
    /// <summary>Sends <paramref name="message"/> once after <paramref name="delay"/>.</summary>
    /// <param name="delay">The delay (zero or more).</param>
    /// <param name="receiver">The receiver.</param>
    /// <param name="message">The message.</param>
    /// <param name="sender">The sender.</param>
    /// <returns>A handle that cancels the send.</returns>
    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef sender);

    /// <summary>
    /// Sends <paramref name="message"/> at a fixed rate: firing n (from 0) is due at
    /// <c>start + initialDelay + n * interval</c>, so lateness never accumulates into drift. If the
    /// scheduler falls more than one interval behind, the missed firings are coalesced into one send
    /// and the schedule continues on the same grid (no burst of catch-up messages).
    /// </summary>
    /// <param name="initialDelay">Delay of the first firing.</param>
    /// <param name="interval">The period (positive).</param>
    /// <param name="receiver">The receiver.</param>
    /// <param name="message">The message (the same instance every time).</param>
    /// <param name="sender">The sender.</param>
    /// <returns>A handle that cancels further sends.</returns>
    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef sender);

    /// <summary>
    /// Like <see cref="ScheduleTellRepeatedly"/>, but anchored on an absolute time: firing n (from 0) is
    /// due at <paramref name="firstDue"/> + n * interval, where <paramref name="firstDue"/> is a timestamp
    /// of the system's <see cref="TimeProvider"/>. Lets the caller compute every due time itself, exactly.
    /// </summary>
    /// <param name="firstDue">The first firing's due time, from <see cref="TimeProvider.GetTimestamp"/>.</param>
    /// <param name="interval">The period (positive).</param>
    /// <param name="receiver">The receiver.</param>
    /// <param name="message">The message.</param>
    /// <param name="sender">The sender.</param>
    /// <returns>A handle that cancels further sends.</returns>
    ICancelable ScheduleTellAtFixedRate(long firstDue, TimeSpan interval, IActorRef receiver, object message, IActorRef sender);
}
