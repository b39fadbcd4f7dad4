using Elenta.Core.Diagnostics;
using Elenta.Core.Text;

namespace Elenta.Core.Tests.Analysis.Placement;

/// <summary>The source text a diagnostic (or one of its related places) points at.</summary>
internal static class SpanText
{
    public static string Of(Location? location)
    {
        Assert.NotNull(location);
        return location.File.Text.Substring(location.Span.Start, location.Span.Length);
    }

    public static string Of(Diagnostic diagnostic) => Of(diagnostic.Location);

    public static IReadOnlyList<string> Related(Diagnostic diagnostic) => diagnostic.Related.Select(r => Of(r.Location)).ToList();

    public static string RelatedMessages(Diagnostic diagnostic) => string.Join("\n", diagnostic.Related.Select(r => r.Message));
}
