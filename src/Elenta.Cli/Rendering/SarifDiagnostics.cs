using System.Text.Json.Nodes;
using Elenta.Core.Analysis;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Cli.Rendering;

/// <summary>Diagnostics as SARIF 2.1.0, for CI code scanning.</summary>
internal static class SarifDiagnostics
{
    public const string DocsBase = "https://github.com/elenta/elenta/blob/main/docs/diagnostics.md";

    public static string Write(IReadOnlyList<Diagnostic> diagnostics, string version)
    {
        var used = diagnostics.Select(d => d.Code).Distinct(StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal).ToList();
        var rules = new JsonArray();
        foreach (var code in used)
        {
            var descriptor = DiagnosticCatalog.Find(code);
            var rule = new JsonObject
            {
                ["id"] = code,
                ["name"] = RuleName(descriptor?.Title ?? code),
                ["shortDescription"] = new JsonObject { ["text"] = descriptor?.Title ?? code },
                ["helpUri"] = $"{DocsBase}#{code.ToLowerInvariant()}",
                ["defaultConfiguration"] = new JsonObject { ["level"] = Level(descriptor?.DefaultSeverity ?? Severity.Error) },
            };
            if (Analyzer.Find(code) is { } analysisRule)
            {
                rule["fullDescription"] = new JsonObject { ["text"] = analysisRule.Explanation };
            }

            if (descriptor is not null)
            {
                rule["properties"] = new JsonObject { ["category"] = descriptor.Category };
            }

            rules.Add(rule);
        }

        var results = new JsonArray();
        foreach (var d in diagnostics)
        {
            var result = new JsonObject
            {
                ["ruleId"] = d.Code,
                ["ruleIndex"] = used.IndexOf(d.Code),
                ["level"] = Level(d.Severity),
                ["message"] = new JsonObject { ["text"] = d.Help is null ? d.Message : $"{d.Message} (help: {d.Help})" },
            };
            if (d.Location is { } loc)
            {
                result["locations"] = new JsonArray(PhysicalLocation(loc));
            }

            if (d.Related.Length > 0)
            {
                var related = new JsonArray();
                var id = 0;
                foreach (var r in d.Related)
                {
                    var rl = PhysicalLocation(r.Location);
                    rl["id"] = id++;
                    rl["message"] = new JsonObject { ["text"] = r.Message };
                    related.Add(rl);
                }

                result["relatedLocations"] = related;
            }

            results.Add(result);
        }

        var sarif = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "elenta",
                        ["informationUri"] = "https://github.com/elenta/elenta",
                        ["semanticVersion"] = version,
                        ["rules"] = rules,
                    },
                },
                ["columnKind"] = "utf16CodeUnits",
                ["results"] = results,
            }),
        };
        return ViewJson.Serialize(sarif);
    }

    private static JsonObject PhysicalLocation(Location loc)
    {
        var start = loc.Start;
        var end = loc.File.GetPosition(loc.Span.End);
        if (end.Line < start.Line || end.Line == start.Line && end.Column <= start.Column)
        {
            end = start with { Column = start.Column + 1 };
        }

        return new JsonObject
        {
            ["physicalLocation"] = new JsonObject
            {
                ["artifactLocation"] = new JsonObject { ["uri"] = Uri(loc.File.Path) },
                ["region"] = new JsonObject
                {
                    ["startLine"] = start.Line,
                    ["startColumn"] = start.Column,
                    ["endLine"] = end.Line,
                    ["endColumn"] = end.Column,
                },
            },
        };
    }

    private static string Uri(string path) =>
        path.StartsWith('/') ? new Uri(path).AbsoluteUri : string.Join('/', path.Split('/').Select(System.Uri.EscapeDataString));

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Info => "note",
        _ => "none",
    };

    private static string RuleName(string title) =>
        string.Concat(title.Split(' ', '-', '/', ',', '(', ')', '.').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
