using Elenta.Core.Diagnostics;
using Elenta.Core.Text;

namespace Elenta.Core.Tests.Analysis;

/// <summary>What a diagnostic points at, as text, so tests can say "the caret is under 10.0.0.3".</summary>
internal static class SpanText
{
    public static string Text(this Location? location)
    {
        Assert.NotNull(location);
        return location.Value.Text();
    }

    public static string Text(this Location location) => location.File.Text.Substring(location.Span.Start, location.Span.Length);

    public static string File(this Location? location) => location!.Value.File.Path;

    public static string File(this Location location) => location.File.Path;

    public static string Of(Location? location) => location.Text();

    public static string Of(Diagnostic diagnostic) => diagnostic.Location.Text();

    /// <summary>The text under each related place, in order.</summary>
    public static IReadOnlyList<string> Related(Diagnostic diagnostic) => diagnostic.Related.Select(r => r.Location.Text()).ToList();

    public static string RelatedMessages(Diagnostic diagnostic) => string.Join("\n", diagnostic.Related.Select(r => r.Message));

    /// <summary>Whether some related location is in the given file at the given text.</summary>
    public static bool Names(this Diagnostic diagnostic, string file, string text) =>
        diagnostic.Related.Any(r => r.Location.File.Path.EndsWith(file, StringComparison.Ordinal) && r.Location.Text() == text);
}
