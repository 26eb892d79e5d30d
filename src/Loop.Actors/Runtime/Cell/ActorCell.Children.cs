using System.Globalization;

namespace Loop.Actors.Runtime;

/// <summary>The children table. It is locked because ActorSystem.ActorOf adds top-level actors from any thread.</summary>
internal sealed partial class ActorCell
{
    private ChildTable? _children;
    private bool _refusesChildren;
    private int _generatedNames;

    public IReadOnlyCollection<IActorRef> Children
    {
        get
        {
            lock (Mailbox)
            {
                if (_children is null || _children.Count == 0)
                {
                    return [];
                }

                var result = new List<IActorRef>(_children.Count);
                foreach (var stats in _children.Values)
                {
                    if (!stats.IsStopping)
                    {
                        result.Add(stats.Child);
                    }
                }

                return result;
            }
        }
    }

    public IActorRef Child(string name)
    {
        lock (Mailbox)
        {
            return _children is not null && _children.TryGetValue(name, out var stats) && !stats.IsStopping
                ? stats.Child
                : ActorRefs.Nobody;
        }
    }

    public IActorRef ActorOf(Props props, string? name = null) => MakeChild(props, name);

    internal LocalActorRef MakeChild(Props props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is null)
        {
            name = "$" + Interlocked.Increment(ref _generatedNames).ToString("x", CultureInfo.InvariantCulture);
        }
        else
        {
            ValidateName(name);
        }

        var child = new ActorCell(_system, _self, _self.Path.Child(name), props);
        lock (Mailbox)
        {
            if (_refusesChildren)
            {
                throw new InvalidActorNameException($"Cannot create child '{name}': {_self.Path} is stopping.");
            }

            _children ??= new ChildTable();
            if (!_children.TryAdd(name, new ChildRestartStats(child.SelfRef)))
            {
                throw new InvalidActorNameException(
                    $"Actor name '{name}' is not unique under {_self.Path}: a child of that name is still alive or stopping.");
            }
        }

        child.Start();
        return child.SelfRef;
    }

    private static void ValidateName(string name)
    {
        if (name.Length == 0 || name[0] == '$' || name.Contains('/', StringComparison.Ordinal)
            || name.Any(char.IsWhiteSpace))
        {
            throw new InvalidActorNameException(
                $"Actor name '{name}' is invalid: it must be non-empty, must not start with '$' and must not contain '/' or whitespace.");
        }
    }

    private ChildRestartStats? FindChild(IActorRef child)
    {
        lock (Mailbox)
        {
            return _children is not null && _children.TryGetValue(child.Path.Name, out var stats)
                && ReferenceEquals(stats.Child, child) ? stats : null;
        }
    }

    private List<ChildRestartStats> ChildStatsSnapshot()
    {
        lock (Mailbox)
        {
            return _children is null ? [] : [.. _children.Values];
        }
    }

    private int ChildCount()
    {
        lock (Mailbox)
        {
            return _children?.Count ?? 0;
        }
    }

    private bool AnyChildStopping()
    {
        lock (Mailbox)
        {
            return _children is not null && _children.Values.Any(static c => c.IsStopping);
        }
    }

    private void StopChild(ChildRestartStats stats)
    {
        stats.IsStopping = true;
        stats.Child.SendSystemMessage(new Terminate());
    }

    private void HandleChildTerminated(IInternalActorRef child)
    {
        lock (Mailbox)
        {
            if (_children is not null && _children.TryGetValue(child.Path.Name, out var stats)
                && ReferenceEquals(stats.Child, child))
            {
                _children.Remove(child.Path.Name);
            }
        }

        if ((_blocked & BlockedTerminating) != 0)
        {
            if (ChildCount() == 0)
            {
                FinishTerminate();
            }
        }
        else if (_pendingRecreate is not null && !AnyChildStopping())
        {
            FinishRecreate(_pendingRecreate);
        }
    }
}
