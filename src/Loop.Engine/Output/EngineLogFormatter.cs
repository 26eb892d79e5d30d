using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Json;

namespace Loop.Engine.Output;

/// <summary>
/// engine.log lines: one JSON object per event with <c>ts</c>, <c>level</c>, <c>message</c> (rendered),
/// <c>exception</c> when there is one, then the event's properties (tick, adapter, correlation id...).
/// </summary>
internal sealed class EngineLogFormatter : ITextFormatter
{
    private readonly JsonValueFormatter _values = new(typeTagName: null);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write("{\"ts\":\"");
        output.Write(UtcTimestamp.Format(logEvent.Timestamp));
        output.Write("\",\"level\":\"");
        output.Write(LevelName(logEvent.Level));
        output.Write("\",\"message\":");
        JsonValueFormatter.WriteQuotedJsonString(RenderLiteral(logEvent), output);
        if (logEvent.Exception is not null)
        {
            output.Write(",\"exception\":");
            JsonValueFormatter.WriteQuotedJsonString(logEvent.Exception.ToString(), output);
        }

        foreach (var (name, value) in logEvent.Properties)
        {
            output.Write(',');
            JsonValueFormatter.WriteQuotedJsonString(ToSnakeCase(name), output);
            output.Write(':');
            _values.Format(value, output);
        }

        output.Write("}\n");
    }

    /// <summary>Renders the message with string values as they are (Serilog would quote them).</summary>
    private static string RenderLiteral(LogEvent logEvent)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is Serilog.Parsing.PropertyToken property
                && logEvent.Properties.TryGetValue(property.PropertyName, out var value)
                && value is ScalarValue { Value: string text })
            {
                writer.Write(text);
            }
            else
            {
                token.Render(logEvent.Properties, writer, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return writer.ToString();
    }

    private static string LevelName(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "verbose",
        LogEventLevel.Debug => "debug",
        LogEventLevel.Information => "info",
        LogEventLevel.Warning => "warn",
        LogEventLevel.Error => "error",
        _ => "fatal",
    };

    private static string ToSnakeCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(name[i]));
            }
            else
            {
                builder.Append(name[i]);
            }
        }

        return builder.ToString();
    }
}
