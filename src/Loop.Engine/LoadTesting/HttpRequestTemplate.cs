using System.Text;

namespace Loop.Engine.LoadTesting;

/// <summary>The request a load sends again and again: built once, checked once, copied per call (a request message is sent only once).</summary>
internal sealed class HttpRequestTemplate
{
    private readonly byte[]? _body;

    public HttpRequestTemplate(HttpMethod method, Uri url, IReadOnlyList<KeyValuePair<string, string>> headers, string? body, string contentType)
    {
        Method = method;
        Url = url;
        Headers = headers;
        _body = body is null ? null : Encoding.UTF8.GetBytes(body);
        ContentType = contentType;
    }

    public HttpMethod Method { get; }

    public Uri Url { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public string ContentType { get; }

    public byte[]? Body => _body;

    /// <summary>Why a header cannot go on a request (a content header, a malformed name), or null when it can.</summary>
    public static string? HeaderProblem(string name, string value)
    {
        using var probe = new HttpRequestMessage();
        try
        {
            return probe.Headers.TryAddWithoutValidation(name, value) ? null : $"'{name}' cannot be set on a request (a content header? the body's type is content_type)";
        }
        catch (FormatException)
        {
            return $"'{name}' is not a header name";
        }
    }

    public HttpRequestMessage Create()
    {
        var message = new HttpRequestMessage(Method, Url);
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (_body is not null)
        {
            message.Content = new ByteArrayContent(_body);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }

        return message;
    }
}
