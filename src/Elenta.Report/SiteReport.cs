using System.Text;
using Elenta.Core;
using Elenta.Core.Emit;
using Elenta.Output;
using Elenta.Report.Graphs;
using Elenta.Report.Html;

namespace Elenta.Report;

/// <summary>
/// The report of one compilation, page by page, and writing it into a directory. A site with
/// errors still gets a report (its diagnostics, its files, what resolved), without the build.
/// </summary>
public static class SiteReport
{
    /// <summary>Marks a directory as a report's, so that writing a new report may remove the old one's leftover pages.</summary>
    public const string Marker = ".elenta-report";

    /// <summary>
    /// Every page, as UTF-8 bytes by path. The build is made in memory as a first build of
    /// <paramref name="today"/> would be (zone serials are that day's first).
    /// </summary>
    public static SortedDictionary<string, byte[]> Pages(Compilation compilation, string siteDirectory, DateOnly today)
    {
        BuildResult? build = null;
        if (compilation.Analysed && !compilation.HasErrors)
        {
            var result = Stages.Timed("report: build", () => SiteBuilder.InMemory(compilation, siteDirectory, today));
            build = result.HasErrors ? null : result;
        }

        var pages = Stages.Timed("report: pages", () => ReportPages.Build(new ReportInput(compilation, build, dot => Graphviz.Render(dot, "svg"))));
        return Stages.Timed("report: encode", () =>
        {
            var bytes = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var (path, text) in pages)
            {
                bytes[path] = Encoding.UTF8.GetBytes(text);
            }

            return bytes;
        });
    }

    /// <summary>The outcome of writing a report: how many pages were written, unchanged and removed.</summary>
    public sealed record Written(int Changed, int Unchanged, int Removed);

    /// <summary>
    /// Writes the pages into <paramref name="directory"/>; a page whose bytes did not change is
    /// not rewritten, and pages of an earlier report that this one no longer has are removed. A
    /// directory that holds other files and no report is refused (null).
    /// </summary>
    public static Written? Write(string directory, IReadOnlyDictionary<string, byte[]> pages) =>
        Stages.Timed("report: write", () => WriteFiles(directory, pages));

    private static Written? WriteFiles(string directory, IReadOnlyDictionary<string, byte[]> pages)
    {
        var marker = Path.Combine(directory, Marker);
        if (Directory.Exists(directory) && !File.Exists(marker) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            return null;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(marker, "written by elenta report; the pages here are replaced by the next report\n");
        int changed = 0, unchanged = 0, removed = 0;
        foreach (var (path, bytes) in pages)
        {
            var full = Path.Combine(directory, path);
            if (File.Exists(full) && new FileInfo(full).Length == bytes.Length && File.ReadAllBytes(full).AsSpan().SequenceEqual(bytes))
            {
                unchanged++;
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
            changed++;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToList())
        {
            var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            if (relative != Marker && !pages.ContainsKey(relative))
            {
                File.Delete(file);
                removed++;
            }
        }

        return new Written(changed, unchanged, removed);
    }
}
