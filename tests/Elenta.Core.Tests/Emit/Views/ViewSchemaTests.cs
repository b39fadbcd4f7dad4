using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Elenta.Core.Tests.Emit.Views;

/// <summary>
/// docs/schemas/view.schema.json is the published format of views/NAME.json: every view of the
/// test sites validates against it (JsonSchema.Net, draft 2020-12), the schema closes every object
/// it describes (a field the writer adds and the schema lacks fails), and every field it declares
/// occurs in some view (one the writer dropped fails too).
/// </summary>
public sealed class ViewSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(ExampleSites.RepoRoot, "docs", "schemas", "view.schema.json");

    private static JsonSchema Schema() => JsonSchema.FromText(File.ReadAllText(SchemaPath));

    [Fact]
    public void EveryViewValidatesAgainstThePublishedSchema()
    {
        var schema = Schema();
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        var failures = new List<string>();
        foreach (var (site, machine, view) in ViewSites.All())
        {
            var result = schema.Evaluate(JsonDocument.Parse(view.ToJsonString()).RootElement, options);
            if (!result.IsValid)
            {
                failures.Add($"{site}/{machine}: " + string.Join("; ", (result.Details ?? []).Where(d => d.HasErrors)
                    .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")).Take(5)));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void TheSchemaRejectsAViewWithAFieldItDoesNotDescribe()
    {
        var view = ViewSites.EmeraldCity()["toto"].DeepClone().AsObject();
        view["networking"]!["gatway"] = "10.255.0.1";
        Assert.False(Schema().Evaluate(JsonDocument.Parse(view.ToJsonString()).RootElement).IsValid);
        var old = ViewSites.EmeraldCity()["toto"].DeepClone().AsObject();
        old["schemaVersion"] = 2;
        Assert.False(Schema().Evaluate(JsonDocument.Parse(old.ToJsonString()).RootElement).IsValid);
    }

    [Fact]
    public void EveryFieldTheSchemaDeclaresOccursInSomeView()
    {
        var declared = new SortedSet<string>(StringComparer.Ordinal);
        Declared(JsonNode.Parse(File.ReadAllText(SchemaPath))!, "$", declared);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, _, view) in ViewSites.All())
        {
            Seen(view, "$", seen);
        }

        declared.ExceptWith(seen);
        Assert.True(declared.Count == 0, "the schema declares fields no view of the test sites has (the writer dropped them, or a test site should show them):\n" + string.Join("\n", declared));
    }

    [Fact]
    public void TheViewsSchemaVersionIsTheSchemasAndTheNixLibrarys()
    {
        var constant = JsonNode.Parse(File.ReadAllText(SchemaPath))!["properties"]!["schemaVersion"]!["const"]!.GetValue<int>();
        Assert.Equal(Elenta.Core.Semantics.ViewJson.SchemaVersion, constant);
        Assert.All(ViewSites.EmeraldCity().Values, v => Assert.Equal(constant, v["schemaVersion"]!.GetValue<int>()));
        Assert.Contains($"schemaVersion = {constant};", File.ReadAllText(Path.Combine(ExampleSites.RepoRoot, "nix", "default.nix")), StringComparison.Ordinal);
    }

    /// <summary>Paths of declared properties: $.networking.interfaces.*.addresses[].label; objects of free keys are *.</summary>
    private static void Declared(JsonNode schema, string path, ISet<string> into)
    {
        if (schema is not JsonObject o)
        {
            return;
        }

        if (o["properties"] is JsonObject props)
        {
            foreach (var (name, child) in props)
            {
                into.Add($"{path}.{name}");
                Declared(child!, $"{path}.{name}", into);
            }
        }

        if (o["additionalProperties"] is JsonObject free)
        {
            Declared(free, path + ".*", into);
        }

        if (o["items"] is JsonObject items)
        {
            Declared(items, path + "[]", into);
        }

        if (o["oneOf"] is JsonArray choices)
        {
            foreach (var choice in choices)
            {
                Declared(choice!, path, into);
            }
        }
    }

    private static void Seen(JsonNode? node, string path, ISet<string> into)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    into.Add($"{path}.{name}");
                    into.Add($"{path}.*");
                    Seen(child, $"{path}.{name}", into);
                    Seen(child, $"{path}.*", into);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Seen(item, path + "[]", into);
                }

                break;
        }
    }
}
