using System.Text.Json.Nodes;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Cli.Rendering;

/// <summary>Diagnostics as a JSON document, for scripts.</summary>
internal static class JsonDiagnostics
{
    public static string Write(IReadOnlyList<Diagnostic> diagnostics)
    {
        var list = new JsonArray();
        foreach (var d in diagnostics)
        {
            var o = new JsonObject
            {
                ["code"] = d.Code,
                ["severity"] = TextDiagnostics.LevelName(d.Severity),
                ["message"] = d.Message,
            };
            if (d.Location is { } loc)
            {
                AddLocation(o, loc);
            }

            if (d.Help is not null)
            {
                o["help"] = d.Help;
            }

            var related = new JsonArray();
            foreach (var r in d.Related)
            {
                var ro = new JsonObject { ["message"] = r.Message };
                AddLocation(ro, r.Location);
                related.Add(ro);
            }

            o["related"] = related;
            list.Add(o);
        }

        var root = new JsonObject
        {
            ["errors"] = diagnostics.Count(d => d.Severity == Severity.Error),
            ["warnings"] = diagnostics.Count(d => d.Severity == Severity.Warning),
            ["diagnostics"] = list,
        };
        return ViewJson.Serialize(root);
    }

    private static void AddLocation(JsonObject o, Location loc)
    {
        var start = loc.Start;
        var end = loc.File.GetPosition(loc.Span.End);
        o["file"] = loc.File.Path;
        o["line"] = start.Line;
        o["column"] = start.Column;
        o["endLine"] = end.Line;
        o["endColumn"] = end.Column;
    }
}
