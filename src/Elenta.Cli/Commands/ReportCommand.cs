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
        var build = BuildOption();
        var command = new Command("report",
            """
            Write the site as a static HTML report that needs no network and works from file://:
            an overview (counts, capacity used per host, diagnostics linked to their file and line),
            a page per machine (hardware, interfaces, addresses, placements, the files it receives
            from the build, its view), rack elevations front and rear with PDU draw, the network
            graph (drawn by Graphviz's dot), the DNS zones, and a search box. Open index.html.
            Once the site has a deploy journal (elenta plan, deploy: .elenta/state.db or state:),
            each machine's page shows its deploy history and last plan, and the overview each
            machine's latest status; the journal is only read. The zones' serials are those a
            build into --build DIR would write (default: the deployed build, .elenta/build).
            A site with errors still gets a report: its diagnostics, without the build. Exit 1
            when the site has errors.

            Examples:
              elenta report examples/emerald-city --out out/report
              elenta report --out /tmp/report && xdg-open /tmp/report/index.html
              elenta report --out /tmp/report --build out/emerald-city
            """);
        command.Arguments.Add(site);
        command.Options.Add(siteOption);
        command.Options.Add(output);
        command.Options.Add(build);
        command.SetAction(parse =>
        {
            var siteDir = CommonOptions.SiteOf(parse, site, siteOption);
            using var timings = Timings.Start();
            Elenta.Core.Compilation compilation;
            using (Rendering.StatusLine.Start(context))
            {
                compilation = context.Compile(siteDir);
            }

            if (compilation.Loaded.Files.Count == 0)
            {
                return CommonOptions.ReportBrokenSite(context, compilation);
            }

            var outDir = Path.GetFullPath(parse.GetValue(output)!, context.WorkingDirectory);
            if (File.Exists(outDir))
            {
                context.Err.WriteLine($"elenta: --out '{parse.GetValue(output)}' is a file; give a directory (it is created if needed)");
                return 1;
            }

            if (!PreviousBuild(context, parse.GetValue(build), out var previous))
            {
                return 1;
            }

            var fullSite = Path.GetFullPath(context.SiteDirectory(siteDir), context.WorkingDirectory);
            SiteReport.Written? written;
            using (Rendering.StatusLine.Start(context))
            {
                var request = SiteReport.Request(compilation, fullSite, DateOnly.FromDateTime(DateTime.UtcNow), previous);
                written = SiteReport.Write(outDir, compilation, request);
            }

            if (written is null)
            {
                context.Err.WriteLine($"elenta: {outDir} holds other files and no earlier report; give an empty or new directory");
                return 1;
            }

            context.Out.WriteLine($"report: {written.Pages} pages in {outDir} ({written.Changed} written, {written.Unchanged} unchanged, {written.Removed} removed); open {Path.Combine(outDir, "index.html")}");
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

    /// <summary>--build DIR, shared with serve: the build whose zone serials the report keeps.</summary>
    internal static Option<string?> BuildOption() => new("--build")
    {
        Description = "The output directory of an earlier `elenta build`: the report's zones keep its serials where they did not change, as a build into it would (default: the deployed build, .elenta/build in the site, when there is one)",
        HelpName = "DIR",
    };

    /// <summary>The full path of --build's directory (null when not given); false, with the error written, when it holds no build.</summary>
    internal static bool PreviousBuild(CliContext context, string? given, out string? previous)
    {
        previous = given is null ? null : Path.GetFullPath(given, context.WorkingDirectory);
        if (previous is not null && SiteReport.NotABuild(previous) is { } problem)
        {
            context.Err.WriteLine($"elenta: --build {given}: {problem}");
            return false;
        }

        return true;
    }
}
