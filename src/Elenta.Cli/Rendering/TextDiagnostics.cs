using Elenta.Core.Diagnostics;
using Elenta.Core.Text;

namespace Elenta.Cli.Rendering;

/// <summary>
/// Renders diagnostics the way compilers do: <c>path:line:col: error EL0123: message</c>, the source
/// line with a caret under the span, the help, and every related place.
/// </summary>
internal static class TextDiagnostics
{
    /// <summary>Only the first line of each (place, level, code, message): warnings beside a command's own output.</summary>
    public static void WriteHeadlines(TextWriter output, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            output.WriteLine(Headline(d, color: false));
        }
    }

    /// <summary>The first lines of a skipped build's warnings, as that build showed them (BuildInputs).</summary>
    public static void WriteHeadlines(TextWriter output, IEnumerable<Elenta.Output.ReplayedDiagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            output.WriteLine(Headline(d.Where, d.Severity, d.Code, d.Message, color: false));
        }
    }

    private static string Headline(Diagnostic d, bool color) => Headline(d.Location?.ToString(), d.Severity, d.Code, d.Message, color);

    private static string Headline(string? where, Severity severity, string code, string message, bool color) =>
        $"{where ?? "elenta"}: {Paint(LevelName(severity), ColorOf(severity), color)} {code}: {message}";

    public static void Write(TextWriter output, IReadOnlyList<Diagnostic> diagnostics, bool color)
    {
        foreach (var d in diagnostics)
        {
            output.WriteLine(Headline(d, color));
            if (d.Location is { } loc)
            {
                WriteSnippet(output, loc, color, ColorOf(d.Severity));
            }

            if (d.Help is not null)
            {
                output.WriteLine($"  = help: {d.Help}");
            }

            foreach (var related in d.Related)
            {
                output.WriteLine($"  = note: {related.Location}: {related.Message}");
            }

            output.WriteLine();
        }

        var errors = diagnostics.Count(d => d.Severity == Severity.Error);
        var warnings = diagnostics.Count(d => d.Severity == Severity.Warning);
        output.WriteLine($"{Plural(errors, "error")}, {Plural(warnings, "warning")}");
    }

    private static void WriteSnippet(TextWriter output, Location loc, bool color, string ansi)
    {
        var start = loc.Start;
        var text = loc.File.GetLineText(start.Line);
        if (text.Length == 0 && loc.File.Text.Length == 0)
        {
            return;
        }

        if (text.Length > 200)
        {
            var from = Math.Max(0, start.Column - 80);
            text = text.Substring(from, Math.Min(160, text.Length - from));
            start = start with { Column = start.Column - from };
        }

        text = Sanitize(text);
        var gutter = start.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pad = new string(' ', gutter.Length);
        output.WriteLine($" {gutter} | {text}");
        var end = loc.File.GetPosition(loc.Span.End);
        var width = end.Line == start.Line ? Math.Max(1, end.Column - start.Column) : Math.Max(1, text.Length - start.Column + 1);
        width = Math.Min(width, Math.Max(1, text.Length - start.Column + 1));
        var caret = new string(' ', Math.Max(0, start.Column - 1)) + new string('^', width);
        output.WriteLine($" {pad} | {Paint(caret, ansi, color)}");
    }

    /// <summary>Control characters from a malformed file must not reach the terminal.</summary>
    private static string Sanitize(string text) =>
        new(text.Select(c => c == '\t' ? ' ' : char.IsControl(c) ? '?' : c).ToArray());

    public static string LevelName(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Info => "info",
        _ => "off",
    };

    private static string ColorOf(Severity severity) => severity switch
    {
        Severity.Error => "\u001b[1;31m",
        Severity.Warning => "\u001b[1;33m",
        _ => "\u001b[1;36m",
    };

    private static string Paint(string text, string ansi, bool color) => color ? ansi + text + "\u001b[0m" : text;

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
