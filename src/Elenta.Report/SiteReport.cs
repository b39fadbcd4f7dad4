using Elenta.Core;
using Elenta.Core.Emit;
using Elenta.Output;
using Elenta.Report.Graphs;
using Elenta.Report.Html;

namespace Elenta.Report;

/// <summary>What a report is made of besides the compilation: where the site is, the day, the build whose serials it keeps, the journal.</summary>
/// <param name="SiteDirectory">The site's directory (full path).</param>
/// <param name="Today">The build's UTC date: zone serials of a first build are that day's first.</param>
public sealed record ReportRequest(string SiteDirectory, DateOnly Today)
{
    /// <summary>
    /// An earlier <c>elenta build</c>'s output directory: the zones keep its serials where their
    /// content did not change, as a build into it would. Null: today's first serials.
    /// </summary>
    public string? PreviousBuild { get; init; }

    /// <summary>The deploy journal's lines per machine (<see cref="DeployHistory.Read"/>).</summary>
    public DeployHistory History { get; init; } = DeployHistory.None;

    /// <summary>
    /// The build a report keeps serials from when none is named: the one deploy made and installed
    /// (SITE/.elenta/build, docs/deploy.md), when there is one.
    /// </summary>
    public static string? DeployedBuild(string siteDirectory)
    {
        var path = Path.Combine(siteDirectory, ".elenta", "build");
        return File.Exists(Path.Combine(path, Manifest.Path)) ? path : null;
    }
}

/// <summary>
/// The report of one compilation, page by page, into a directory or memory. A site with errors
/// still gets a report (its diagnostics, its files, what resolved), without the build.
/// </summary>
public static class SiteReport
{
    /// <summary>Marks a directory as a report's, so that writing a new report may remove the old one's leftover pages.</summary>
    public const string Marker = ".elenta-report";

    /// <summary>
    /// What the report of <paramref name="compilation"/> is made with: the build in
    /// <paramref name="previousBuild"/> (else the deployed one, SITE/.elenta/build, when there is one)
    /// for zone serials, and the site's deploy journal, read only.
    /// </summary>
    public static ReportRequest Request(Compilation compilation, string siteDirectory, DateOnly today, string? previousBuild) =>
        new(siteDirectory, today)
        {
            PreviousBuild = previousBuild ?? ReportRequest.DeployedBuild(siteDirectory),
            History = compilation.Site is { } site ? DeployHistory.Read(siteDirectory, site.Settings.State) : DeployHistory.None,
        };

    /// <summary>Why <paramref name="directory"/> cannot be the build a report takes its serials from; null when it can.</summary>
    public static string? NotABuild(string directory) =>
        File.Exists(Path.Combine(directory, Manifest.Path)) ? null
        : $"{directory} holds no build (no {Manifest.Path}): give the directory of an `elenta build --out DIR`, whose zone serials the report should keep";

    /// <summary>Builds the site in memory (as a build into <see cref="ReportRequest.PreviousBuild"/> would) and hands every page to <paramref name="sink"/>.</summary>
    public static void Make(Compilation compilation, ReportRequest request, PageSink sink)
    {
        BuildResult? build = null;
        if (compilation.Analysed && !compilation.HasErrors)
        {
            var result = Stages.Timed("report: build", () => SiteBuilder.InMemory(compilation, request.SiteDirectory, request.Today, request.PreviousBuild));
            build = result.HasErrors ? null : result;
        }

        Stages.Timed("report: pages", () => ReportPages.Build(new ReportInput(compilation, build, dot => Graphviz.Render(dot, "svg"))
        {
            History = request.History,
            PreviousBuild = request.PreviousBuild,
        }, sink));
    }

    /// <summary>Every page, as UTF-8 bytes by path (what <c>elenta serve</c> serves).</summary>
    public static SortedDictionary<string, byte[]> Pages(Compilation compilation, ReportRequest request)
    {
        var pages = new MemoryPages();
        Make(compilation, request, pages);
        return pages.ToSorted();
    }

    /// <summary>The outcome of writing a report: how many pages were written, unchanged and removed.</summary>
    public sealed record Written(int Changed, int Unchanged, int Removed)
    {
        public int Pages => Changed + Unchanged;
    }

    /// <summary>
    /// Writes the report into <paramref name="directory"/> page by page as they are made; a page
    /// whose bytes did not change is not rewritten, and pages of an earlier report that this one no
    /// longer has are removed. A directory that holds other files and no report is refused (null).
    /// </summary>
    public static Written? Write(string directory, Compilation compilation, ReportRequest request)
    {
        if (DirectoryPages.Open(directory) is not { } pages)
        {
            return null;
        }

        Make(compilation, request, pages);
        return Stages.Timed("report: remove", pages.Finish);
    }
}
