namespace Loop.Actors.Runtime;

/// <summary>The stash and the behaviour stack, both reached through the context.</summary>
internal sealed partial class ActorCell
{
    private List<Envelope>? _stash;

    public void Stash()
    {
        if (_current.Message is null)
        {
            throw new InvalidOperationException("Stash() can only be called while processing a message.");
        }

        (_stash ??= []).Add(_current);
    }

    public void Unstash()
    {
        if (_stash is { Count: > 0 })
        {
            var first = _stash[0];
            _stash.RemoveAt(0);
            Mailbox.PushFront(first);
        }
    }

    public void UnstashAll()
    {
        if (_stash is null)
        {
            return;
        }

        // Pushed newest first, so the oldest ends up at the front: the original order is kept.
        for (var i = _stash.Count - 1; i >= 0; i--)
        {
            Mailbox.PushFront(_stash[i]);
        }

        _stash.Clear();
    }

    public void Become(Receive receive) => CurrentActor.SetBehavior(receive, discardOld: true);

    public void BecomeStacked(Receive receive) => CurrentActor.SetBehavior(receive, discardOld: false);

    public void UnbecomeStacked() => CurrentActor.PopBehavior();

    private ActorBase CurrentActor =>
        _actor ?? throw new InvalidOperationException($"{_self.Path} has no running instance (it is starting, restarting or stopped).");

    private void DropStash()
    {
        if (_stash is null)
        {
            return;
        }

        foreach (var envelope in _stash)
        {
            SendToDeadLetters(envelope);
        }

        _stash = null;
    }
}
