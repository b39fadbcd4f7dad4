using System.CommandLine;
using Elenta.Report;

namespace Elenta.Cli.Commands;

/// <summary><c>elenta report</c>: the site as a static, self-contained HTML report.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var site = CommonOptions.SiteArgumentOrCurrent();
        var siteOption = CommonOptions.SiteOptional();
        var output = new Option<string>("--out", "-o") { Description = "Directory to write the report into (created if needed; an earlier report there is replaced)", Required = true, HelpName = "DIR" };
        var command = new Command("report",
            """
            Write the site as a static HTML report that needs no network and works from file://:
            an overview (counts, capacity used per host, diagnostics linked to their file and line),
            a page per machine (hardware, interfaces, addresses, placements, the files it receives
            from the build, its view), rack elevations front and rear with PDU draw, the network
            graph (drawn by Graphviz's dot), the DNS zones, and a search box. Open index.html.
            A site with errors still gets a report: its diagnostics, without the build. Exit 1
            when the site has errors.

            Examples:
              elenta report examples/emerald-city --out out/report
              elenta report --out /tmp/report && xdg-open /tmp/report/index.html
            """);
        command.Arguments.Add(site);
        command.Options.Add(siteOption);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var siteDir = CommonOptions.SiteOf(parse, site, siteOption);
            using var timings = Timings.Start();
            var compilation = context.Compile(siteDir);
            if (compilation.Loaded.Files.Count == 0)
            {
                return CommonOptions.ReportBrokenSite(context, compilation);
            }

            var outDir = Path.GetFullPath(parse.GetValue(output)!, context.WorkingDirectory);
            var pages = SiteReport.Pages(compilation, Path.GetFullPath(context.SiteDirectory(siteDir), context.WorkingDirectory), DateOnly.FromDateTime(DateTime.UtcNow));
            var written = SiteReport.Write(outDir, pages);
            if (written is null)
            {
                context.Err.WriteLine($"elenta: {outDir} holds other files and no earlier report; give an empty or new directory");
                return 1;
            }

            context.Out.WriteLine($"report: {pages.Count} pages in {outDir} ({written.Changed} written, {written.Unchanged} unchanged, {written.Removed} removed); open {Path.Combine(outDir, "index.html")}");
            timings?.Write(context);
            if (compilation.HasErrors)
            {
                context.Err.WriteLine($"elenta: the site has errors ({compilation.Diagnostics.Count(d => d.IsError)}); the report lists them; run 'elenta check' for details");
                return 1;
            }

            return 0;
        });
        return command;
    }
}
