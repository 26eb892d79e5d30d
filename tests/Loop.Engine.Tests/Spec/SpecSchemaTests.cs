using System.Text.Json;
using Loop.Engine.Spec;

namespace Loop.Engine.Tests.Spec;

/// <summary>The JSON schema editors use must know exactly the keys the loader knows.</summary>
public sealed class SpecSchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(SpecLoaderTests.RepoRoot(), "specs", "loop-spec.schema.json"))).RootElement;

    [Theory]
    [InlineData("zzz: 1", "")]
    [InlineData("loop: { zzz: 1 }", "properties.loop")]
    [InlineData("exporter: { zzz: 1 }", "properties.exporter")]
    [InlineData("bus: { zzz: 1 }", "properties.bus")]
    [InlineData("storage: { zzz: 1 }", "properties.storage")]
    [InlineData("alertmanager: { zzz: 1 }", "properties.alertmanager")]
    [InlineData("storage: { provider: postgres, connection: x }\ncluster: { port: 4053, seed_nodes: ['127.0.0.1:4053'], zzz: 1 }", "properties.cluster")]
    [InlineData("output: { zzz: 1 }", "properties.output")]
    [InlineData("r_axis: { zzz: 1 }", "properties.r_axis")]
    [InlineData("r_axis: { loop: { zzz: 1 } }", "properties.r_axis.properties.loop")]
    [InlineData("r_axis: { adapter: { zzz: 1 } }", "properties.r_axis.properties.adapter")]
    [InlineData("adapters: [ { name: a, kind: synthetic, zzz: 1 } ]", "$defs.synthetic")]
    [InlineData("adapters: [ { name: a, kind: http, url: 'http://x', zzz: 1 } ]", "$defs.http")]
    [InlineData("adapters: [ { name: a, kind: command, command: x, zzz: 1 } ]", "$defs.command")]
    [InlineData("adapters: [ { name: a, kind: tcp, target: 'x:1', zzz: 1 } ]", "$defs.tcp")]
    [InlineData("adapters: [ { name: a.org, kind: dns, zzz: 1 } ]", "$defs.dns")]
    [InlineData("adapters: [ { name: a, kind: tls, target: 'x:443', zzz: 1 } ]", "$defs.tls")]
    [InlineData("adapters: [ { name: a, kind: http, url: 'http://x', expect: { zzz: 1 } } ]", "$defs.http.properties.expect")]
    [InlineData("adapters: [ { name: a, kind: synthetic, restart: { zzz: 1 } } ]", "$defs.restart")]
    public void Schema_SameKeysAsLoader(string spec, string schemaPath)
    {
        var problem = Assert.Single(SpecLoader.Parse(spec, "s.yaml").Problems).Message;
        var known = problem[(problem.IndexOf("known keys: ", StringComparison.Ordinal) + 12)..^1].Split(", ").Order();

        var node = Schema;
        foreach (var part in schemaPath.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node.GetProperty(part);
        }

        Assert.Equal(known, node.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
    }
}
