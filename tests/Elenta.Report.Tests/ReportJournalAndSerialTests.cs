using System.Text.RegularExpressions;
using Elenta.Cli.Tests.Support;
using Elenta.Deploy.State;
using Microsoft.Data.Sqlite;

namespace Elenta.Report.Tests;

/// <summary>
/// The report's deploy history (read from a real SQLite journal written through the same
/// <see cref="IJournal"/> API deploy uses, read only) and its zones' serials (those of the build
/// it is given, as a build into that directory would write them).
/// </summary>
[Collection("pictures")]
public partial class ReportJournalAndSerialTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    /// <summary>emerald-city and its overlay narya, copied side by side into <paramref name="dir"/>; the site's path.</summary>
    private static string CopyEmeraldCity(CliRunner.TempDir dir)
    {
        foreach (var name in new[] { "emerald-city", "narya" })
        {
            var from = Path.Combine(CliRunner.RepoRoot, "examples", name);
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(from, file);
                if (relative.Split(Path.DirectorySeparatorChar).Any(p => p.StartsWith('.')))
                {
                    continue;
                }

                var to = Path.Combine(dir.Path, name, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
        }

        return Path.Combine(dir.Path, "emerald-city");
    }

    [Fact]
    public void MachinePagesShowTheirDeployHistoryAndTheOverviewEachMachinesLastPlan()
    {
        using var dir = new CliRunner.TempDir();
        var site = CopyEmeraldCity(dir);
        var db = SqliteJournal.DefaultPath(site);
        using (var journal = new SqliteJournal(db))
        {
            journal.Record(new JournalEntry(T, "plan", "toto", "behind", 2, "h2", "1111aaaa", 0.3, "runs revision 1111aaaa; 3 files differ", "alice"));
            journal.Record(new JournalEntry(T.AddMinutes(1), "deploy", "toto", "activated generation 3", 3, "h3", "2222bbbb", 4.2, "", "alice"));
            journal.Record(new JournalEntry(T.AddMinutes(2), "plan", "toto", "up-to-date", 3, "h3", "2222bbbb", 0.2, "", "bob"));
            journal.Record(new JournalEntry(T.AddMinutes(3), "plan", "ifrit", "unreachable", null, null, null, 5.0, "ssh: connect to host ifrit.canon port 22: No route to host", "bob"));
            journal.Record(new JournalEntry(T.AddMinutes(4), "plan", "no-longer-in-the-site", "up-to-date", 1, "h", "2222bbbb", 0.1, "", "bob"));
        }

        var before = File.ReadAllBytes(db);
        var r = CliRunner.Run(dir.Path, "report", site, "--out", "r");
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Equal(before, File.ReadAllBytes(db));  // read only

        var toto = File.ReadAllText(Path.Combine(dir.Path, "r", "machine", "toto.html"));
        Assert.Contains("<strong id=\"plan-status\" data-plan=\"up-to-date\">up-to-date</strong>", toto);
        Assert.Contains("2026-11-20 09:32:00 UTC", toto);
        var rows = Regex.Matches(toto, "<tr><td>2026-11-20 [^<]+</td><td>([a-z]+)</td><td>([^<]+)</td><td>([^<]+)</td><td>(?:<code>)?([^<]+)(?:</code>)?</td><td>([^<]+)</td>")
            .Select(m => string.Join('|', m.Groups.Values.Skip(1).Select(g => g.Value))).ToList();
        Assert.Equal(["plan|up-to-date|3|2222bbbb|bob", "deploy|activated generation 3|3|2222bbbb|alice", "plan|behind|2|1111aaaa|alice"], rows);  // newest first

        var ifrit = File.ReadAllText(Path.Combine(dir.Path, "r", "machine", "ifrit.html"));
        Assert.Contains("data-plan=\"unreachable\"", ifrit);
        Assert.Contains("No route to host", ifrit);
        Assert.Contains("never planned nor deployed", File.ReadAllText(Path.Combine(dir.Path, "r", "machine", "nancy.html")));

        var index = File.ReadAllText(Path.Combine(dir.Path, "r", "index.html"));
        Assert.Contains("<span id=\"plan-summary\">1 unreachable, 1 up-to-date</span>", index);
        Assert.Matches("<tr data-machine=\"toto\">.*<strong data-plan=\"up-to-date\">up-to-date</strong>.*deploy: <span data-outcome=\"activated generation 3\">.*generation 3, revision <code>2222bbbb</code>, by alice", index);
        Assert.DoesNotContain("no-longer-in-the-site", index);
        Assert.Contains("data-plan=\"up-to-date\"", File.ReadAllText(Path.Combine(dir.Path, "r", "machines-1.html")));
    }

    [Fact]
    public void AReportNeverCreatesAJournalNorWaitsForAWriter()
    {
        using var dir = new CliRunner.TempDir();
        var site = CopyEmeraldCity(dir);
        Assert.Equal(0, CliRunner.Run(dir.Path, "report", site, "--out", "r").ExitCode);
        Assert.False(Directory.Exists(Path.Combine(site, ".elenta")), "the report created the journal's directory");
        Assert.Contains("No deploy journal yet", File.ReadAllText(Path.Combine(dir.Path, "r", "index.html")));

        var db = SqliteJournal.DefaultPath(site);
        using (var journal = new SqliteJournal(db))
        {
            journal.Record(new JournalEntry(T, "plan", "toto", "behind", 2, "h2", "1111aaaa", 0.3, "", "alice"));
        }

        // A deploy in the middle of writing: its transaction holds the write lock and is not committed.
        using var writer = new SqliteConnection($"Data Source={db}");
        writer.Open();
        using var transaction = writer.BeginTransaction();
        using (var insert = writer.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO runs (time, command, machine, outcome, seconds, detail, operator) VALUES ('2026-11-21T00:00:00.000Z', 'plan', 'toto', 'diverged', 1, '', 'carol')";
            insert.ExecuteNonQuery();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = CliRunner.Run(dir.Path, "report", site, "--out", "r");
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"the report waited for the writer ({clock.Elapsed})");
        var toto = File.ReadAllText(Path.Combine(dir.Path, "r", "machine", "toto.html"));
        Assert.Contains("data-plan=\"behind\"", toto);
        Assert.DoesNotContain("diverged", toto);  // not committed yet
        transaction.Rollback();
    }

    /// <summary>The serial line of a zone page of the report: "2026112900 ; serial".</summary>
    private static string Serial(string reportDirectory, string zone)
    {
        var page = File.ReadAllText(Path.Combine(reportDirectory, "dns", $"dns_zones_{zone}.zone-1.html"));
        return SerialLine().Match(page) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"no serial in the page of {zone}:\n{page}");
    }

    [GeneratedRegex(@"\s(\d{10}) ; serial")]
    private static partial Regex SerialLine();

    [Fact]
    public void ZoneSerialsAreThoseABuildIntoTheGivenDirectoryWouldWrite()
    {
        using var dir = new CliRunner.TempDir();
        var site = CopyEmeraldCity(dir);
        var today = DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + "00";

        Assert.Equal(0, CliRunner.Run(dir.Path, "report", site, "--out", "first").ExitCode);
        Assert.Equal(today, Serial(Path.Combine(dir.Path, "first"), "canon"));

        var built = CliRunner.Run(dir.Path, "build", site, "--out", "out", "--serial", "2020010105");
        Assert.True(built.ExitCode == 0, built.Out + built.Err);
        var r = CliRunner.Run(dir.Path, "report", site, "--out", "kept", "--build", "out");
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Equal("2020010105", Serial(Path.Combine(dir.Path, "kept"), "canon"));
        Assert.Equal("2020010105", Serial(Path.Combine(dir.Path, "kept"), "emerald.city"));
        // The page shows the zone as `elenta build --out out` would write it now, byte for byte.
        var rebuilt = CliRunner.Run(dir.Path, "build", site, "--out", "out");
        Assert.Equal(0, rebuilt.ExitCode);
        var zone = System.Net.WebUtility.HtmlEncode(File.ReadAllText(Path.Combine(dir.Path, "out", "dns", "zones", "canon.zone")).TrimEnd('\n'));
        Assert.Contains(zone, File.ReadAllText(Path.Combine(dir.Path, "kept", "dns", "dns_zones_canon.zone-1.html")));

        // A changed zone moves past the build's serial (today's first is later than 2020's), the others keep it.
        var domains = Path.Combine(site, "domains.yaml");
        File.WriteAllText(domains, File.ReadAllText(domains) + "      ns-extra: { CNAME: ns1 }\n");
        var changed = CliRunner.Run(dir.Path, "report", site, "--out", "changed", "--build", "out");
        Assert.True(changed.ExitCode == 0, changed.Out + changed.Err);
        Assert.Equal("2020010105", Serial(Path.Combine(dir.Path, "changed"), "canon"));
        Assert.Equal(today, Serial(Path.Combine(dir.Path, "changed"), "emerald.city"));
        Assert.Contains("ns-extra", File.ReadAllText(Path.Combine(dir.Path, "changed", "dns", "dns_zones_emerald.city.zone-1.html")));

        // Without --build, the deployed build (SITE/.elenta/build) is the one that counts.
        Assert.Equal(0, CliRunner.Run(dir.Path, "build", site, "--out", Path.Combine(site, ".elenta", "build"), "--serial", "2021020203").ExitCode);
        Assert.Equal(0, CliRunner.Run(dir.Path, "report", site, "--out", "deployed").ExitCode);
        Assert.Equal("2021020203", Serial(Path.Combine(dir.Path, "deployed"), "canon"));
    }

    [Fact]
    public void BuildOptionThatNamesNoBuildIsAnError()
    {
        using var dir = new CliRunner.TempDir();
        dir.Write("empty/notes.txt", "not a build");
        var r = CliRunner.Run(dir.Path, "report", Path.Combine(CliRunner.RepoRoot, "examples", "emerald-city"), "--out", "r", "--build", "empty");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--build empty", r.Err);
        Assert.Contains("holds no build (no manifest.json)", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "r")));
    }
}
