namespace Loop.Actors.Runtime;

/// <summary>
/// The position of an actor in the hierarchy: <c>/user/loop/adapter-a</c>. Immutable.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private string? _text;

    private ActorPath(ActorPath? parent, string name)
    {
        Parent = parent;
        Name = name;
    }

    /// <summary>Gets the root path <c>/</c>.</summary>
    public static ActorPath Root { get; } = new(null, string.Empty);

    /// <summary>Gets the parent path, or <see langword="null"/> for the root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>Gets the last element of the path (the actor's name).</summary>
    public string Name { get; }

    /// <summary>Returns the path of a child named <paramref name="name"/>.</summary>
    /// <param name="name">The child's name; it must not contain '/'.</param>
    /// <returns>The child's path.</returns>
    public ActorPath Child(string name) => new(this, name);

    /// <inheritdoc />
    public override string ToString()
    {
        if (_text is not null)
        {
            return _text;
        }

        if (Parent is null)
        {
            return _text = "/";
        }

        var parentText = Parent.ToString();
        _text = parentText.Length == 1 ? "/" + Name : parentText + "/" + Name;
        return _text;
    }

    /// <inheritdoc />
    public bool Equals(ActorPath? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ActorPath);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
}
