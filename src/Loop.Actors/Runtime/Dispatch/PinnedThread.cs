namespace Loop.Actors.Runtime;

/// <summary>
/// The thread of one actor on the <see cref="Dispatchers.Pinned"/> dispatcher: it waits for its
/// mailbox to be scheduled and runs the turn, the same work item the thread pool would run.
/// </summary>
internal sealed class PinnedThread
{
    // SemaphoreSlim spins briefly before it blocks, so a tick that arrives while the thread is just
    // finishing a turn does not pay for a futex wake-up.
    private readonly SemaphoreSlim _scheduled = new(0);
    private readonly IThreadPoolWorkItem _turn;
    private volatile bool _completed;

    public PinnedThread(IThreadPoolWorkItem turn, string name)
    {
        _turn = turn;
        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Runs one turn on the thread (the mailbox guarantees at most one is outstanding).</summary>
    public void Schedule() => _scheduled.Release();

    /// <summary>Lets the thread end once the current turn is over (the mailbox closed).</summary>
    public void Complete()
    {
        _completed = true;
        _scheduled.Release();
    }

    private void Run()
    {
        while (true)
        {
            _scheduled.Wait();
            if (_completed)
            {
                _scheduled.Dispose();
                return;
            }

            _turn.Execute();
        }
    }
}
