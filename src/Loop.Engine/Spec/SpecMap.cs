using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Loop.Engine.Spec;

/// <summary>
/// Reads one YAML mapping of the spec: typed values with defaults and ranges, each problem recorded
/// with the field's path and line; keys not asked for are reported as unknown by <see cref="RejectUnknownKeys"/>.
/// </summary>
internal sealed class SpecMap(SpecContext context, YamlMappingNode? node, string path, int line)
{
    private readonly List<string> _known = [];

    private void Know(string key)
    {
        if (!_known.Contains(key, StringComparer.Ordinal))
        {
            _known.Add(key);
        }
    }

    public string Path { get; } = path;

    public int ProblemCount => context.Problems.Count;

    public int Line { get; } = node is null ? line : (int)node.Start.Line;

    /// <summary>Whether the key is present; it counts as a known key either way.</summary>
    public bool Has(string key)
    {
        Know(key);
        return Find(key) is not null;
    }

    public int LineOf(string key) => Find(key) is { } entry ? (int)entry.Value.Start.Line : Line;

    public string PathOf(string key) => Path.Length == 0 ? key : Path + "." + key;

    public SpecMap Map(string key)
    {
        Know(key);
        var entry = Find(key);
        if (entry is null || IsNull(entry.Value.Value))
        {
            return new SpecMap(context, null, PathOf(key), LineOf(key));
        }

        if (entry.Value.Value is YamlMappingNode mapping)
        {
            return new SpecMap(context, mapping, PathOf(key), (int)mapping.Start.Line);
        }

        context.Add(LineOf(key), PathOf(key), $"must be a mapping of keys to values (got {Describe(entry.Value.Value)})");
        return new SpecMap(context, null, PathOf(key), LineOf(key));
    }

    public IReadOnlyList<YamlNode> Sequence(string key)
    {
        Know(key);
        var entry = Find(key);
        if (entry is null || IsNull(entry.Value.Value))
        {
            return [];
        }

        if (entry.Value.Value is YamlSequenceNode sequence)
        {
            return sequence.Children.ToList();
        }

        context.Add(LineOf(key), PathOf(key), $"must be a list (got {Describe(entry.Value.Value)})");
        return [];
    }

    /// <summary>A list of strings (absent: empty); anything else in it is one problem.</summary>
    public IReadOnlyList<string> Strings(string key)
    {
        var result = new List<string>();
        foreach (var node in Sequence(key))
        {
            if (node is YamlScalarNode scalar)
            {
                result.Add(scalar.Value ?? string.Empty);
            }
            else
            {
                Problem(key, $"must be a list of strings (got {Describe(node)} in it)");
                break;
            }
        }

        return result;
    }

    public string? String(string key, string? fallback = null, bool required = false)
    {
        if (Scalar(key, required, "a string") is not { } scalar)
        {
            return fallback;
        }

        if (string.IsNullOrWhiteSpace(scalar.Value))
        {
            context.Add(LineOf(key), PathOf(key), "must not be empty");
            return fallback;
        }

        return scalar.Value;
    }

    public long Integer(string key, long fallback, long min = long.MinValue, long max = long.MaxValue, string? rule = null)
    {
        if (Scalar(key, false, "an integer") is not { } scalar)
        {
            return fallback;
        }

        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain
            || !long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            context.Add(LineOf(key), PathOf(key), $"must be an integer (got {Describe(scalar)})");
            return fallback;
        }

        if (value < min || value > max)
        {
            context.Add(LineOf(key), PathOf(key), $"{rule ?? RangeRule(min, max)} (got {value})");
            return fallback;
        }

        return value;
    }

    public double Number(string key, double fallback, double min, double max, string? rule = null)
    {
        if (Scalar(key, false, "a number") is not { } scalar)
        {
            return fallback;
        }

        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain
            || !double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value))
        {
            context.Add(LineOf(key), PathOf(key), $"must be a number (got {Describe(scalar)})");
            return fallback;
        }

        if (value < min || value > max)
        {
            context.Add(LineOf(key), PathOf(key), $"{rule ?? $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}"} (got {scalar.Value})");
            return fallback;
        }

        return value;
    }

    public bool Boolean(string key, bool fallback)
    {
        if (Scalar(key, false, "true or false") is not { } scalar)
        {
            return fallback;
        }

        if (scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && bool.TryParse(scalar.Value, out var value))
        {
            return value;
        }

        context.Add(LineOf(key), PathOf(key), $"must be true or false (got {Describe(scalar)})");
        return fallback;
    }

    public TimeSpan Duration(string key, TimeSpan fallback, bool allowZero = false)
    {
        if (Scalar(key, false, "a duration") is not { } scalar)
        {
            return fallback;
        }

        if (!Durations.TryParse(scalar.Value ?? string.Empty, out var value))
        {
            context.Add(LineOf(key), PathOf(key), $"must be a duration with a unit, like 250ms, 1s or 4m (got {Describe(scalar)})");
            return fallback;
        }

        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            context.Add(LineOf(key), PathOf(key), $"must be {(allowZero ? ">= 0" : "> 0")} (got {scalar.Value})");
            return fallback;
        }

        return value;
    }

    public string? OneOf(string key, string? fallback, params string[] allowed)
    {
        var value = String(key, null);
        if (value is null)
        {
            return fallback;
        }

        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            context.Add(LineOf(key), PathOf(key), $"must be one of {string.Join(", ", allowed)} (got \"{value}\")");
            return fallback;
        }

        return value;
    }

    /// <summary>A mapping found inside this one's list, read with the same problems list.</summary>
    public SpecMap Child(YamlMappingNode child, string childPath) => new(context, child, childPath, (int)child.Start.Line);

    /// <summary>The mapping's keys, in order (a free-form mapping like HTTP headers); each counts as known.</summary>
    public IReadOnlyList<string> Keys()
    {
        var keys = node?.Children.Select(static kv => (kv.Key as YamlScalarNode)?.Value ?? kv.Key.ToString()).ToList() ?? [];
        keys.ForEach(Know);
        return keys;
    }

    /// <summary>Records a problem with a value that passed its own checks but not a rule across fields.</summary>
    public void Problem(string key, string message) => context.Add(LineOf(key), PathOf(key), message);

    /// <summary>Reports every key of the mapping that no reader asked for.</summary>
    public void RejectUnknownKeys(string? hint = null)
    {
        if (node is null)
        {
            return;
        }

        foreach (var (key, _) in node.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? key.ToString();
            if (!_known.Contains(name, StringComparer.Ordinal))
            {
                context.Add((int)key.Start.Line, PathOf(name), $"unknown key{hint ?? string.Empty} (known keys: {string.Join(", ", _known)})");
            }
        }
    }

    internal static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s => s.Value ?? "null",
        YamlScalarNode s => "\"" + s.Value + "\"",
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => node.NodeType.ToString(),
    };

    private static string RangeRule(long min, long max) => (min, max) switch
    {
        (long.MinValue, _) => $"must be <= {max}",
        (_, long.MaxValue) when min == 1 => "must be > 0",
        (_, long.MaxValue) => $"must be >= {min}",
        _ => $"must be between {min} and {max}",
    };

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s && (s.Value is null or "" or "~" or "null");

    private KeyValuePair<YamlNode, YamlNode>? Find(string key)
    {
        if (node is null)
        {
            return null;
        }

        foreach (var entry in node.Children)
        {
            if (entry.Key is YamlScalarNode k && k.Value == key)
            {
                return entry;
            }
        }

        return null;
    }

    private YamlScalarNode? Scalar(string key, bool required, string expected)
    {
        Know(key);
        var entry = Find(key);
        if (entry is null || IsNull(entry.Value.Value))
        {
            if (required)
            {
                context.Add(LineOf(key), PathOf(key), "is required");
            }

            return null;
        }

        if (entry.Value.Value is YamlScalarNode scalar)
        {
            return scalar;
        }

        context.Add(LineOf(key), PathOf(key), $"must be {expected} (got {Describe(entry.Value.Value)})");
        return null;
    }
}
