namespace Loop.Actors.Runtime;

/// <summary>
/// The thread of one actor on the <see cref="Dispatchers.Pinned"/> dispatcher: it waits for its
/// mailbox to be scheduled and runs the turn, the same work item the thread pool would run.
/// </summary>
internal sealed class PinnedThread
{
    // No spinning before it blocks: SemaphoreSlim's spin (sched_yield) cost an idle engine more CPU
    // than the loop's own work (perf, issue 12 item 21), for a futex wake-up of a few microseconds.
    // At most one turn is outstanding (the mailbox's guarantee), so a reset after the wake-up loses none.
    private readonly ManualResetEventSlim _scheduled = new(false, spinCount: 0);
    private readonly IThreadPoolWorkItem _turn;
    private volatile bool _completed;

    public PinnedThread(IThreadPoolWorkItem turn, string name)
    {
        _turn = turn;
        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Runs one turn on the thread (the mailbox guarantees at most one is outstanding).</summary>
    public void Schedule() => _scheduled.Set();

    /// <summary>Lets the thread end once the current turn is over (the mailbox closed).</summary>
    public void Complete()
    {
        _completed = true;
        _scheduled.Set();
    }

    private void Run()
    {
        while (true)
        {
            _scheduled.Wait();
            _scheduled.Reset();
            if (_completed)
            {
                _scheduled.Dispose();
                return;
            }

            _turn.Execute();
        }
    }
}
