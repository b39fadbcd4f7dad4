using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Elenta.Core.Model;
using Elenta.Deploy.State;

namespace Elenta.Cli.Commands;

/// <summary><c>elenta history [MACHINE]</c>: the journal of plans, deploys and rollbacks.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliContext context)
    {
        var machine = new Argument<string?>("MACHINE") { Description = "Only this machine's lines", Arity = ArgumentArity.ZeroOrOne };
        var site = CommonOptions.Site();
        var limit = new Option<int>("--limit") { Description = "The last N lines", DefaultValueFactory = _ => 50, HelpName = "N" };
        var format = new Option<string>("--format", "-f") { Description = "text, or json", DefaultValueFactory = _ => "text", HelpName = "FORMAT" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("history",
            """
            The journal: every plan, deploy, switch, boot and rollback, per machine, with its outcome,
            generation and time; in .elenta/state.db in the site (SQLite), or in the PostgreSQL
            database a team shares (state: in elenta.yaml). Reads the journal only: it never connects
            to a machine, never writes, and never waits for a lock.

            Examples:
              elenta history
              elenta history toto --limit 10
            """);
        command.Arguments.Add(machine);
        command.Options.Add(site);
        command.Options.Add(limit);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var siteDir = Path.GetFullPath(context.SiteDirectory(CommonOptions.SiteOf(parse, site)), context.WorkingDirectory);
            // The site is read for its state: setting only (no build, no analysis): history works on a site with errors too.
            StateSettings? state = null;
            var isSite = File.Exists(Path.Combine(siteDir, Elenta.Core.Loading.SiteLoader.SiteFileName));
            if (isSite)
            {
                var compilation = context.Compile(siteDir, analyze: false);
                if (compilation.Site is not { } bound)
                {
                    return CommonOptions.ReportBrokenSite(context, compilation);
                }

                state = bound.Settings.State;
            }

            var (opened, problem) = Journals.Open(siteDir, state, readOnly: true);
            if (problem is not null)
            {
                context.Err.WriteLine($"elenta: {problem}");
                return 1;
            }

            if (opened is null)
            {
                if (!isSite)
                {
                    // Neither a site nor a journal: a wrong --site, or run outside any site.
                    context.Err.WriteLine($"elenta: {Path.GetRelativePath(context.WorkingDirectory, siteDir)} is no site (it has no elenta.yaml, nor does any directory above it) and holds no journal; give the site with --site DIR");
                    return 1;
                }

                if (parse.GetValue(format) == "json")
                {
                    context.Out.WriteLine("[]");
                    return 0;
                }

                context.Out.WriteLine($"no journal yet ({SqliteJournal.DefaultPath(siteDir)}): nothing was planned or deployed from this site");
                return 0;
            }

            using var journal = opened;
            var entries = journal.History(parse.GetValue(machine), parse.GetValue(limit));
            if (parse.GetValue(format) == "json")
            {
                context.Out.WriteLine(JsonSerializer.Serialize(entries.Select(e => new
                {
                    time = e.Time.UtcDateTime.ToString("o", CultureInfo.InvariantCulture), command = e.Command, machine = e.Machine, outcome = e.Outcome,
                    generation = e.Generation, revision = e.Revision, seconds = Math.Round(e.Seconds, 2), detail = e.Detail, @operator = e.Operator,
                }), new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }

            Rendering.Tables.Write(context.Out, context.Color, ["time", "command", "machine", "outcome", "generation", "detail"],
                entries.Select(e => (IReadOnlyList<string>)[e.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.Command, e.Machine, e.Outcome, e.Generation?.ToString(CultureInfo.InvariantCulture) ?? "-", e.Detail]));
            return 0;
        });
        return command;
    }
}
