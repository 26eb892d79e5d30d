namespace Loop.Actors.Adapters;

/// <summary>Settings of an <see cref="HttpAdapter"/>.</summary>
public sealed record HttpAdapterOptions
{
    /// <summary>Gets the URL to call (http or https).</summary>
    public required Uri Url { get; init; }

    /// <summary>Gets the method.</summary>
    /// <value>The default value is GET.</value>
    public string Method { get; init; } = "GET";

    /// <summary>Gets the status that counts as ok; null means any 2xx.</summary>
    public int? ExpectStatus { get; init; }

    /// <summary>Gets the conditions the answer must meet (the spec's <c>expect:</c>), or null for the status alone.</summary>
    public HttpExpectations? Expect { get; init; }
}
