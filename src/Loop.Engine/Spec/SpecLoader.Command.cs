using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Loop.Engine.Spec;

/// <summary>One adapter given at run time (the bus's add_adapter): validated exactly like an entry of the spec's adapters list.</summary>
internal static partial class SpecLoader
{
    /// <summary>
    /// Reads one adapter from JSON (JSON is YAML's flow style, so the spec's own reader does it).
    /// Problems name the field as in a spec: <c>adapter.timeout_ms: must be &gt; 0 (got -5)</c>.
    /// </summary>
    /// <param name="json">The adapter's spec as a JSON object.</param>
    /// <param name="loop">The running loop's settings (the adapter's timeout defaults to its deadline).</param>
    /// <returns>The adapter, or the problems found.</returns>
    public static (AdapterSpec? Adapter, IReadOnlyList<SpecProblem> Problems) ParseAdapter(string json, LoopSection loop)
    {
        var context = new SpecContext("add_adapter");
        var yaml = new YamlStream();
        try
        {
            if (YamlText.TooDeep(json) is not null)
            {
                context.Add(0, "adapter", $"nested more than {MaxDepth} levels deep");
                return (null, context.Problems);
            }

            yaml.Load(new StringReader(json));
        }
        catch (YamlException ex)
        {
            context.Add(0, "adapter", $"not a valid adapter spec: {YamlText.FirstLine(ex.Message)}");
            return (null, context.Problems);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode node)
        {
            context.Add(0, "adapter", "must be an object with at least name and kind");
            return (null, context.Problems);
        }

        var adapter = ReadAdapter(new SpecMap(context, node, "adapter", 0), loop);
        return context.Problems.Count > 0 ? (null, context.Problems) : (adapter, []);
    }
}
