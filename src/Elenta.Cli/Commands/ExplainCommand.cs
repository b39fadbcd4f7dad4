using System.CommandLine;
using System.Text.Json.Nodes;
using Elenta.Cli.Rendering;
using Elenta.Core.Diagnostics;
using Elenta.Core.Loading;
using Elenta.Core.Merging;
using Elenta.Core.Semantics;

namespace Elenta.Cli.Commands;

/// <summary><c>elenta explain PATH</c>: the final value at a path and every place that contributed to it.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("PATH") { Description = "A path into the merged site, such as cadaster.compute.toto.hardware.memory" };
        var site = CommonOptions.Site();
        var format = new Option<string>("--format", "-f") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("explain",
            """
            Show the merged value at a path and every file:line that contributed to it, with which
            one won (plain values beat !default; !force beats plain values). Two different values
            of the best priority are error EL1001: none wins, and explain exits 1 as check does.

            Examples:
              elenta explain cadaster.compute.toto.hardware.memory
              elenta explain 'domains."emerald.city".records' --site examples/emerald-city
              elenta explain roles.database.mounts[0].path --format json
            """);
        command.Arguments.Add(path);
        command.Options.Add(format);
        command.Options.Add(site);
        command.SetAction(parse =>
        {
            var compilation = context.Compile(CommonOptions.SiteOf(parse, site), analyze: false);
            var segments = PathSyntax.Parse(parse.GetValue(path)!);
            if (segments is null)
            {
                context.Err.WriteLine($"elenta: '{parse.GetValue(path)}' is not a path; write keys separated by dots, quote keys that contain dots: domains.\"emerald.city\"");
                return 1;
            }

            MergedNode node = compilation.Tree;
            foreach (var segment in segments)
            {
                MergedNode? next = node switch
                {
                    MergedMapping m => m[segment],
                    MergedSequence s when IsIndex(segment) && int.TryParse(segment[1..^1], out var i) && i >= 0 && i < s.Items.Count => s.Items[i],
                    _ => null,
                };
                if (next is null)
                {
                    NoStep(context, node, segment);
                    return 1;
                }

                node = next;
            }

            // Two different values of the best priority leave the setting without a value: check
            // reports EL1001 at each one that differs from the first. The merged tree keeps the
            // first only so that the rest of the site can still be checked; explain crowns none.
            var conflicts = node is MergedScalar
                ? compilation.Diagnostics.Where(d => d.Code == Messages.ConflictingValues.Code && node.Definitions.Any(x => x.Location == d.Location)).ToList()
                : [];
            if (parse.GetValue(format) == "json")
            {
                context.Out.Write(ViewJson.Serialize(Json(node, conflicts.Count > 0)));
            }
            else
            {
                Print(context, node, conflicts.Count > 0);
            }

            if (conflicts.Count > 0)
            {
                TextDiagnostics.WriteHeadlines(context.Err, conflicts);
                return 1;
            }

            return 0;
        });
        return command;
    }

    /// <summary>A list index as PathSyntax gives it: "[n]" (a quoted key "[" is a key).</summary>
    private static bool IsIndex(string segment) => segment.Length >= 2 && segment[0] == '[' && segment[^1] == ']';

    /// <summary>Says why the path cannot go from <paramref name="node"/> to <paramref name="segment"/>, as the kind of the node has it.</summary>
    private static void NoStep(CliContext context, MergedNode node, string segment)
    {
        var where = node.Parent is null ? "the site" : $"'{node.Path}'";
        switch (node)
        {
            case MergedMapping m:
            {
                var suggestion = Suggest.Closest(segment, m.Keys);
                context.Err.WriteLine($"elenta: {where} has no '{segment}'" + (suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?"));
                if (m.Count > 0)
                {
                    context.Err.WriteLine($"  keys there: {string.Join(", ", m.Keys.Take(30))}{(m.Count > 30 ? ", ..." : string.Empty)}");
                }

                break;
            }

            case MergedSequence { Items.Count: 0 }:
                context.Err.WriteLine($"elenta: {where} is an empty list, it has no '{segment}'");
                break;

            case MergedSequence s when IsIndex(segment):
            {
                var last = s.Items.Count - 1;
                var range = last == 0 ? "[0]" : $"[0] to [{last}]";
                context.Err.WriteLine(int.TryParse(segment[1..^1], out var index) && index > last
                    ? $"elenta: {where} has only {s.Items.Count} item{(s.Items.Count == 1 ? string.Empty : "s")}: {range}"
                    : $"elenta: {where} has no item {segment}; its items are {range}");
                break;
            }

            case MergedSequence s:
            {
                // A key after a list is most often a key of its items with the index left out:
                // point at the first item that has that key, or one close to it.
                var suggestion = s.Items.OfType<MergedMapping>()
                    .Select(item => Suggest.Closest(segment, item.Keys) is { } key ? $"{item.Path}.{PathSyntax.Quote(key)}" : null)
                    .FirstOrDefault(path => path is not null);
                context.Err.WriteLine($"elenta: {where} is a list, not a mapping: use [N], N from 0 to {s.Items.Count - 1}" + (suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?"));
                break;
            }

            default:
                context.Err.WriteLine($"elenta: {where} is a value ({Value(node.First)}), it has no {(IsIndex(segment) ? "items" : "keys")}");
                break;
        }
    }

    /// <summary>Each definition of the node with its verdict: wins, agrees, conflicts or merged, then the overridden ones.</summary>
    private static IEnumerable<(SyntaxNode Definition, string Verdict)> Contributions(MergedNode node, bool conflict)
    {
        var many = node.Definitions.Count > 1;
        foreach (var d in node.Definitions)
        {
            var verdict = node is MergedScalar ? (conflict ? "conflicts" : many ? "agrees" : "wins") : "merged";
            if (node is MergedScalar && !conflict && ReferenceEquals(d, node.Definitions[0]))
            {
                verdict = "wins";
            }

            yield return (d, verdict);
        }

        foreach (var d in node.Overridden)
        {
            yield return (d, "overridden");
        }
    }

    private static JsonObject Json(MergedNode node, bool conflict)
    {
        var o = new JsonObject { ["path"] = node.Path };
        switch (node)
        {
            case MergedScalar when conflict:
                o["kind"] = "scalar";
                o["conflict"] = Messages.ConflictingValues.Code;
                break;
            case MergedScalar s:
                o["kind"] = "scalar";
                o["value"] = s.IsNull ? null : s.Text;
                break;
            case MergedMapping m:
                o["kind"] = "mapping";
                o["keys"] = new JsonArray(m.Keys.Select(k => (JsonNode?)k).ToArray());
                break;
            case MergedSequence q:
                o["kind"] = "list";
                o["count"] = q.Items.Count;
                break;
        }

        o["definitions"] = new JsonArray(Contributions(node, conflict).Select(c =>
        {
            var start = c.Definition.Location.Start;
            return (JsonNode?)new JsonObject
            {
                ["file"] = c.Definition.Location.File.Path,
                ["line"] = start.Line,
                ["column"] = start.Column,
                ["value"] = Value(c.Definition),
                ["priority"] = PriorityName(c.Definition.Priority),
                ["verdict"] = c.Verdict,
            };
        }).ToArray());
        return o;
    }

    private static void Print(CliContext context, MergedNode node, bool conflict)
    {
        var o = context.Out;
        switch (node)
        {
            case MergedScalar when conflict:
                o.WriteLine($"{node.Path} has no value: the definitions below conflict");
                break;
            case MergedScalar s:
                o.WriteLine($"{node.Path} = {(s.IsNull ? "null" : s.Text)}");
                break;
            case MergedMapping m:
                o.WriteLine($"{node.Path} = a mapping with {m.Count} key{(m.Count == 1 ? string.Empty : "s")}: {string.Join(", ", m.Keys.Take(20))}{(m.Count > 20 ? ", ..." : string.Empty)}");
                break;
            case MergedSequence q:
                o.WriteLine($"{node.Path} = a list of {q.Items.Count} item{(q.Items.Count == 1 ? string.Empty : "s")}, concatenated from the definitions below");
                break;
        }

        foreach (var (d, verdict) in Contributions(node, conflict))
        {
            o.WriteLine($"  {d.Location}  {Value(d)}  [{PriorityName(d.Priority)}, {verdict}]");
        }
    }

    private static string Value(SyntaxNode node) => node switch
    {
        ScalarSyntax { IsNull: true } => "null",
        ScalarSyntax s => s.Value.Length > 60 ? s.Value[..57] + "..." : s.Value,
        MappingSyntax m => $"{{{string.Join(", ", m.Entries.Take(6).Select(e => e.Key))}{(m.Entries.Count > 6 ? ", ..." : string.Empty)}}}",
        SequenceSyntax q => $"[{q.Items.Count} item{(q.Items.Count == 1 ? string.Empty : "s")}]",
        _ => node.KindName,
    };

    private static string PriorityName(Priority priority) => priority switch
    {
        Priority.Force => "!force",
        Priority.Default => "!default",
        _ => "plain",
    };
}
