using Elenta.Core.Diagnostics;
using Elenta.Core.Text;

namespace Elenta.Core.Tests.Support;

/// <summary>
/// What must hold for any input, however hostile: every error is a located diagnostic in a file the
/// site really has (or one of the few site-wide codes), with a message and a fix.
/// </summary>
public static class SiteInvariants
{
    /// <summary>Codes about the site as a whole, which have no file to point at (docs/diagnostics.md says so for each).</summary>
    public static readonly IReadOnlySet<string> SiteWideCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "EL0011", // site not found
        "EL0013", // file could not be read (the file system said no; there is no text to point into)
        "EL3003", // unknown constellation given on the command line
        "EL9200", // two built files for one path on one machine (the message names both files)
    };

    /// <summary>Fails when an error lacks a location in one of the site's files, or a location's span lies outside its file.</summary>
    public static void AssertLocated(Compilation compilation, IEnumerable<Diagnostic>? more = null)
    {
        // A file can be loaded twice (an overlay that names the site itself): any of its loads will do.
        var files = compilation.Loaded.Files.GroupBy(f => f.Source.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Source, StringComparer.Ordinal);
        foreach (var d in compilation.Diagnostics.Concat(more ?? []))
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Message), $"{d.Code} has no message");
            if (!d.IsError)
            {
                continue;
            }

            Assert.False(string.IsNullOrWhiteSpace(d.Help), $"{d.Code} '{d.Message}' has no fix hint");
            if (d.Location is not { } location)
            {
                Assert.True(SiteWideCodes.Contains(d.Code), $"{d.Code} '{d.Message}' has no location and is not a site-wide code");
                continue;
            }

            AssertInFile(files, location, $"{d.Code} '{d.Message}'");
            foreach (var related in d.Related)
            {
                AssertInFile(files, related.Location, $"a note of {d.Code} '{d.Message}' ({related.Message})");
            }
        }
    }

    private static void AssertInFile(Dictionary<string, SourceFile> files, Location location, string what)
    {
        Assert.True(files.TryGetValue(location.File.Path, out var file), $"{what} points at '{location.File.Path}', which is not a file of the site");
        Assert.True(file!.Text == location.File.Text, $"{what} points at another text of '{location.File.Path}'");
        Assert.True(location.Span.Start >= 0 && location.Span.Length >= 0 && location.Span.End <= location.File.Text.Length,
            $"{what} has the span {location.Span} outside its file of {location.File.Text.Length} characters");
        _ = location.Start; // line and column must be computable
    }
}
