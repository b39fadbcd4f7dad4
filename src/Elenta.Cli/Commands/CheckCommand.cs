using System.CommandLine;
using Elenta.Cli.Rendering;
using Elenta.Core;
using Elenta.Core.Analysis;
using Elenta.Core.Diagnostics;

namespace Elenta.Cli.Commands;

/// <summary><c>elenta check</c>: load, merge, bind and analyse a site; print every diagnostic.</summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var site = CommonOptions.SiteArgumentOrCurrent();
        var siteOption = CommonOptions.SiteOptional();
        var format = new Option<string>("--format", "-f")
        {
            Description = "How to print diagnostics: text, json or sarif (SARIF 2.1.0 for CI code scanning)",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var warningsAsErrors = new Option<bool>("--warnings-as-errors") { Description = "Exit 1 when there are warnings too" };
        var constellations = new Option<string?>("--constellations")
        {
            Description = "Check only these constellations, merged: are they compatible? (comma-separated; the others are ignored)",
            HelpName = "A,B",
        };
        var explain = new Option<string?>("--explain") { Description = "Print what a diagnostic code means, and how to fix it, then exit", HelpName = "CODE" };

        var command = new Command("check",
            """
            Check a site like a compiler checks a program: syntax, merge conflicts, types, references,
            and the analysis rules. Exits 0 when clean, 1 when there are errors.

            Examples:
              elenta check examples/emerald-city
              elenta check --format sarif > elenta.sarif
              elenta check --explain EL2005
              elenta check --constellations emerald-city,staging
            """);
        command.Arguments.Add(site);
        command.Options.Add(siteOption);
        command.Options.Add(format);
        command.Options.Add(warningsAsErrors);
        command.Options.Add(constellations);
        command.Options.Add(explain);
        command.SetAction(parse =>
        {
            if (parse.GetValue(explain) is { } code)
            {
                return Explain(context, code);
            }

            var selection = parse.GetValue(constellations) is { } names ? SplitNames(names) : null;
            if (selection is { Count: 0 })
            {
                context.Err.WriteLine("elenta: --constellations needs at least one constellation name, such as --constellations blue,green");
                return 1;
            }

            using var timings = Timings.Start();
            Compilation compilation;
            using (Rendering.StatusLine.Start(context))
            {
                compilation = context.Compile(CommonOptions.SiteOf(parse, site, siteOption), new CompilationOptions(true) { Constellations = selection });
            }

            timings?.Write(context);

            var diagnostics = compilation.Diagnostics;
            switch (parse.GetValue(format))
            {
                case "json":
                    context.Out.Write(JsonDiagnostics.Write(diagnostics));
                    break;
                case "sarif":
                    context.Out.Write(SarifDiagnostics.Write(diagnostics, context.Version));
                    break;
                default:
                    TextDiagnostics.Write(context.Out, diagnostics, context.Color);
                    break;
            }

            var failed = diagnostics.Any(d => d.Severity == Severity.Error || parse.GetValue(warningsAsErrors) && d.Severity == Severity.Warning);
            return failed ? 1 : 0;
        });
        return command;
    }

    /// <summary>"a, b,,c" gives [a, b, c]: spaces and empty entries are forgiven.</summary>
    private static IReadOnlyList<string> SplitNames(string selection) =>
        selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Explain(CliContext context, string code)
    {
        var descriptor = DiagnosticCatalog.Find(code);
        if (descriptor is null)
        {
            context.Err.WriteLine($"elenta: unknown diagnostic code '{code}'; the codes are listed in docs/diagnostics.md");
            return 1;
        }

        context.Out.WriteLine($"{descriptor.Code}: {descriptor.Title}");
        if (descriptor.ReplacedBy is { } replacement)
        {
            var now = DiagnosticCatalog.Find(replacement);
            context.Out.WriteLine($"  retired; replaced by {replacement}{(now is null ? string.Empty : $" ({now.Title})")}, which `elenta check` reports instead");
            context.Out.WriteLine($"  See: elenta check --explain {replacement}");
            context.Out.WriteLine($"  More: docs/diagnostics.md#{descriptor.DocsAnchor}");
            return 0;
        }

        context.Out.WriteLine($"  category: {descriptor.Category}, default severity: {TextDiagnostics.LevelName(descriptor.DefaultSeverity)}");
        if (Analyzer.Find(descriptor.Code) is { } rule)
        {
            context.Out.WriteLine();
            context.Out.WriteLine(rule.Explanation);
            context.Out.WriteLine();
            context.Out.WriteLine($"  Change its severity in elenta.yaml: analysis: {{ rules: {{ {descriptor.Code}: warning }} }}");
        }
        else if (DocsSection(descriptor.Code) is { } section)
        {
            // A compiler or build diagnostic has no rule to explain it: its page in the docs does.
            context.Out.WriteLine();
            context.Out.WriteLine(section);
            context.Out.WriteLine();
        }

        context.Out.WriteLine($"  More, with a failing and a fixed example: docs/diagnostics.md#{descriptor.DocsAnchor}");
        return 0;
    }

    /// <summary>The text under "## CODE: title" in docs/diagnostics.md (embedded), up to the next heading; null when there is none.</summary>
    internal static string? DocsSection(string code)
    {
        using var stream = typeof(CheckCommand).Assembly.GetManifestResourceStream("diagnostics.md");
        if (stream is null)
        {
            return null;
        }

        var lines = new StreamReader(stream).ReadToEnd().Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith($"## {code}:", StringComparison.Ordinal));
        if (start < 0)
        {
            return null;
        }

        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        var body = lines[(start + 1)..(end < 0 ? lines.Length : end)];
        return string.Join('\n', body).Trim('\n', ' ');
    }
}
