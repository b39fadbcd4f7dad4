using System.Diagnostics;
using System.Text.Json;
using Elenta.Cli.Tests.Support;
using Elenta.Deploy.State;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>
/// The journal on SQLite and on a real PostgreSQL server, and <c>elenta keys scan</c> against a lab
/// machine's real sshd: on a lab of emerald-city of their own (<see cref="DeployLab"/>), the deployer
/// in hedges as in <see cref="DeployTests"/>. The PostgreSQL server runs in hedges' network namespace.
/// </summary>
[Collection(HostNetwork.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class JournalAndKeysTests(DeployLab lab) : IClassFixture<DeployLab>
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private string Template => Path.Combine(lab.SiteOnHost, "templates", "backup-target.conf.liquid");

    /// <summary>One sequence of commands on randy, from a machine that runs nothing: what each journal must record alike.</summary>
    private List<string> Sequence()
    {
        // What the files driver keeps (not all of /var/lib/elenta: the lab's sshd reads its keys below it).
        Assert.Equal(0, lab.Lab.Capture("randy", ["rm", "-rf", "/var/lib/elenta/generations", "/var/lib/elenta/current", "/var/lib/elenta/boot", "/var/lib/elenta/lock"]).Code);
        var original = File.ReadAllText(Template);
        try
        {
            void Expect(int code, string[] args)
            {
                var r = lab.Run(args);
                Assert.True(r.Code == code, $"{string.Join(' ', args)}: exit {r.Code}\n{r.Output}{r.Error}");
            }

            Expect(0, ["switch", DeployLab.Site, "--on", "randy"]);
            Expect(0, ["plan", DeployLab.Site, "--on", "randy", "--exit-code"]);
            File.AppendAllText(Template, "retention = 9\n");
            Expect(2, ["plan", DeployLab.Site, "--on", "randy", "--exit-code"]);
            Expect(0, ["deploy", DeployLab.Site, "--on", "randy"]);
            Expect(0, ["rollback", DeployLab.Site, "--on", "randy"]);
            Expect(0, ["plan", DeployLab.Site, "--on", "randy"]);
        }
        finally
        {
            File.WriteAllText(Template, original);
        }

        var history = lab.Run(["history", "randy", "--site", DeployLab.Site, "--format", "json"], trust: false);
        Assert.True(history.Code == 0, history.Output + history.Error);
        return Json(history.Output).EnumerateArray()
            .Select(e => string.Join(" | ", e.GetProperty("command").GetString(), e.GetProperty("machine").GetString(), e.GetProperty("outcome").GetString(),
                e.GetProperty("generation").ToString(), e.GetProperty("revision").ToString(), e.GetProperty("detail").GetString()))
            .ToList();
    }

    private static List<string> Recent(IJournal journal) => journal.Recent(2).Select(e => $"{e.Command} | {e.Machine}").ToList();

    [Fact]
    public void TheJournalOnSqliteAndOnPostgresqlRecordsTheSameHistory()
    {
        var hedges = lab.Lab.HolderOf("hedges") ?? throw new InvalidOperationException("hedges is not up");
        var stateFile = Path.Combine(lab.SiteOnHost, "state.yaml");
        var pgpass = Path.Combine(lab.Lab.MachineDirectory("hedges"), "root", ".pgpass");
        var sqlite = Path.Combine(lab.SiteOnHost, ".elenta", "state.db");
        try
        {
            // SQLite, the default.
            var onSqlite = Sequence();
            Assert.Equal(6, onSqlite.Count);
            Assert.True(File.Exists(sqlite));
            List<string> recentOnSqlite;
            using (var journal = new SqliteJournal(sqlite, readOnly: true))
            {
                recentOnSqlite = Recent(journal);
            }

            // The report's window (each machine's last two lines, and its last plan): a window function in both stores.
            Assert.Equal(["rollback | randy", "plan | randy"], recentOnSqlite);
            foreach (var f in new[] { sqlite, sqlite + "-wal", sqlite + "-shm" })
            {
                File.Delete(f);
            }

            // The same sequence with the journal in PostgreSQL: the site names the database, without its password,
            // which hedges' operator keeps in ~/.pgpass (the server asks for it: scram-sha-256 over TCP).
            using var server = new PostgresServer(hedges);
            File.WriteAllText(pgpass, server.PgPassLine + "\n");
            File.SetUnixFileMode(pgpass, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.WriteAllText(stateFile, $"state:\n  postgresql: \"{server.ConnectionString}\"\n");
            var onPostgres = Sequence();
            Assert.Equal(onSqlite, onPostgres);
            using (var journal = new PostgresJournal(server.SocketConnectionString, readOnly: true))
            {
                Assert.Equal(recentOnSqlite, Recent(journal));
            }

            Assert.False(File.Exists(sqlite), "with state: the SQLite journal is not written");

            // The rows are in the server, in the same table as SQLite's.
            using (var connection = new NpgsqlConnection(server.SocketConnectionString))
            {
                connection.Open();
                using var count = new NpgsqlCommand("SELECT count(*) FROM runs WHERE machine = 'randy'", connection);
                Assert.Equal(6L, count.ExecuteScalar());
            }

            // Read-only commands never wait for a lock: another operator's write, not yet committed, holds its
            // row lock; history reads past it and plan records its own line beside it.
            using (var other = new NpgsqlConnection(server.SocketConnectionString))
            {
                other.Open();
                using var transaction = other.BeginTransaction();
                using (var insert = new NpgsqlCommand("INSERT INTO runs (time, command, machine, outcome, seconds, detail, operator) VALUES ('2026-01-01T00:00:00.000Z', 'deploy', 'randy', 'in progress', 1, '', 'someone else'); SELECT * FROM runs FOR UPDATE", other, transaction))
                {
                    insert.ExecuteNonQuery();
                }

                var clock = Stopwatch.StartNew();
                var history = lab.Run(["history", "--site", DeployLab.Site], trust: false);
                Assert.True(history.Code == 0, history.Output + history.Error);
                Assert.DoesNotContain("someone else", history.Output);
                var plan = lab.Run(["plan", DeployLab.Site, "--on", "randy"]);
                Assert.True(plan.Code == 0, plan.Output + plan.Error);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"history and plan took {clock.Elapsed.TotalSeconds:F1} s beside an open transaction");
                transaction.Rollback();
            }

            // A database that cannot be reached is one clear line and exit 1, before anything is deployed.
            File.WriteAllText(stateFile, $"state:\n  postgresql: \"Host=127.0.0.1;Port={server.Port + 1};Database=elenta;Username=elenta;Timeout=3\"\n");
            var down = lab.Run(["plan", DeployLab.Site, "--on", "randy"]);
            Assert.Equal(1, down.Code);
            Assert.Contains("cannot open the journal, the PostgreSQL journal (state: in elenta.yaml)", down.Error);
            Assert.DoesNotContain("   at ", down.Error);
        }
        finally
        {
            File.Delete(stateFile);
            File.Delete(pgpass);
        }
    }

    [Fact]
    public void HistoryOnSqliteDoesNotWaitForAWriter()
    {
        var sqlite = Path.Combine(lab.SiteOnHost, ".elenta", "state.db");
        var plan = lab.Run(["plan", DeployLab.Site, "--on", "toto"]);
        Assert.True(plan.Code == 0, plan.Output + plan.Error);
        using var writer = new SqliteConnection($"Data Source={sqlite};Pooling=false");
        writer.Open();
        using var transaction = writer.BeginTransaction(deferred: false);
        using (var insert = writer.CreateCommand())
        {
            insert.CommandText = "INSERT INTO runs (time, command, machine, outcome, seconds, detail, operator) VALUES ('2026-01-01T00:00:00.000Z', 'deploy', 'toto', 'in progress', 1, '', 'someone else')";
            insert.ExecuteNonQuery();
        }

        var history = lab.Run(["history", "toto", "--site", DeployLab.Site], trust: false);
        Assert.True(history.Code == 0, history.Output + history.Error);
        Assert.Contains("toto", history.Output);
        Assert.DoesNotContain("someone else", history.Output);
        transaction.Rollback();
    }

    [Fact]
    public void KeysScanShowsTheKeyAMachinePresentsAndWritesItIntoTheOverlayOnceConfirmed()
    {
        var keysFile = Path.Combine(lab.SiteOnHost, "..", "narya", "host-keys.yaml");
        var scanned = Path.Combine(lab.SiteOnHost, "..", "narya", "scanned-keys", "nancy.yaml");
        var original = File.ReadAllText(keysFile);
        var labKey = File.ReadAllLines(lab.KnownHosts).Single(l => l.StartsWith("nancy.canon,", StringComparison.Ordinal)).Split(' ', 2)[1];
        var fingerprint = FingerprintOf(labKey);
        var label = labKey.StartsWith("ssh-ed25519", StringComparison.Ordinal) ? "ED25519" : labKey.StartsWith("ecdsa", StringComparison.Ordinal) ? "ECDSA" : "RSA"; // the lab's sshd has a key of its own
        try
        {
            // nancy's key leaves the site: the build's known_hosts no longer has it, and plan refuses it, naming the way out.
            File.WriteAllText(keysFile, original.Replace("hostKey: " + ExistingKey(original, "nancy"), "user: root", StringComparison.Ordinal));
            var refused = lab.Run(["plan", DeployLab.Site, "--on", "nancy", "--no-dns", "--identity", lab.Identity], trust: false);
            Assert.Equal(1, refused.Code);
            Assert.Contains("host key refused", refused.Output);
            Assert.Contains("`elenta keys scan nancy`", refused.Output);

            // The scan, through DNS (hedges' resolver): the fingerprint nancy's sshd presents, not in the cadaster; not written without a yes.
            var declined = lab.Run(["keys", "scan", "nancy.canon", "--site", DeployLab.Site], trust: false);
            Assert.Equal(1, declined.Code);
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(declined.Output, $@"{label} +{System.Text.RegularExpressions.Regex.Escape(fingerprint)} +not in the cadaster"), fingerprint + "\n" + declined.Output + declined.Error);
            Assert.Contains("the cadaster holds no host key for it", declined.Output);
            Assert.Contains("not written (no answer: give --yes", declined.Error);
            Assert.False(File.Exists(scanned));

            // Answered n at the prompt: still not written. Answered y: written into the private overlay.
            Assert.Equal(1, Scan("n").Code);
            Assert.False(File.Exists(scanned));
            var accepted = Scan("y");
            Assert.True(accepted.Code == 0, accepted.Output + accepted.Error);
            Assert.Contains("[y/N]", accepted.Error);
            Assert.Contains("written: /root/sites/narya/scanned-keys/nancy.yaml", accepted.Output);
            Assert.Contains($"hostKey: !force \"{labKey}\"", File.ReadAllText(scanned));

            // The next build trusts it: plan reaches nancy with the site's own known_hosts. A second scan finds it trusted.
            var trusted = lab.Run(["plan", DeployLab.Site, "--on", "nancy", "--no-dns", "--identity", lab.Identity], trust: false);
            Assert.True(trusted.Code == 0, trusted.Output + trusted.Error);
            Assert.Matches(@"nancy +new ", trusted.Output);
            var again = lab.Run(["keys", "scan", "nancy", "--no-dns", "--site", DeployLab.Site], trust: false);
            Assert.True(again.Code == 0, again.Output + again.Error);
            Assert.Contains("the cadaster's key: trusted", again.Output);
            Assert.Contains("already trusted: nothing to write", again.Output);
            var json = lab.Run(["keys", "scan", "nancy", "--no-dns", "--site", DeployLab.Site, "--format", "json"], trust: false);
            Assert.True(json.Code == 0, json.Output + json.Error);
            using (var doc = System.Text.Json.JsonDocument.Parse(json.Output))
            {
                var root = doc.RootElement;
                Assert.Equal("nancy", root.GetProperty("machine").GetString());
                Assert.Equal("trusted", root.GetProperty("outcome").GetString());
                Assert.Contains(root.GetProperty("presented").EnumerateArray(), k => k.GetProperty("fingerprint").GetString() == fingerprint && k.GetProperty("verdict").GetString() == "trusted");
                Assert.Equal(fingerprint, root.GetProperty("trusted").GetProperty("fingerprint").GetString());
            }

            // A key that differs from the cadaster's (toto's, changed): shown as such, and --yes writes it over the old one.
            var wrong = original.Replace(ExistingKey(original, "nancy"), ExistingKey(original, "randy"), StringComparison.Ordinal);
            File.Delete(scanned);
            File.WriteAllText(keysFile, wrong);
            var changed = lab.Run(["keys", "scan", "nancy", "--no-dns", "--yes", "--site", DeployLab.Site], trust: false);
            Assert.True(changed.Code == 0, changed.Output + changed.Error);
            Assert.Contains($"the cadaster holds ED25519 {FingerprintOf(ExistingKey(original, "randy"))}", changed.Output);
            Assert.Contains("the key it replaces is still at ../narya/host-keys.yaml:", changed.Output);
            Assert.True(lab.Run(["plan", DeployLab.Site, "--on", "nancy", "--no-dns", "--identity", lab.Identity], trust: false).Code == 0);

            // A name that is not a machine: one line, exit 1.
            var unknown = lab.Run(["keys", "scan", "nobody", "--no-dns", "--site", DeployLab.Site], trust: false);
            Assert.Equal(1, unknown.Code);
            Assert.Contains("'nobody' is no canon name of a machine of the site", unknown.Error);
        }
        finally
        {
            File.WriteAllText(keysFile, original);
            if (File.Exists(scanned))
            {
                File.Delete(scanned);
            }
        }
    }

    /// <summary>keys scan in hedges with <paramref name="answer"/> typed at its prompt.</summary>
    private (int Code, string Output, string Error) Scan(string answer) =>
        lab.Lab.Capture("hedges", ["sh", "-c", $"echo {answer} | env HOME=/root DOTNET_CLI_TELEMETRY_OPTOUT=1 dotnet /root/elenta-cli/elenta.dll keys scan nancy --no-dns --site {DeployLab.Site}"]);

    /// <summary>The "ssh-ed25519 AAAA..." key of a machine in narya's host-keys.yaml (on its line or the next).</summary>
    private static string ExistingKey(string text, string machine)
    {
        var lines = text.Split('\n');
        var at = Array.FindIndex(lines, l => l.TrimStart().StartsWith(machine + ":", StringComparison.Ordinal));
        var line = lines[at].Contains("ssh-ed25519", StringComparison.Ordinal) ? lines[at] : lines[at + 1];
        var parts = line[line.IndexOf("ssh-ed25519", StringComparison.Ordinal)..].Split(' ', 3);
        return parts[0] + " " + parts[1].TrimEnd('}', ',', ' ');
    }

    /// <summary>ssh-keygen's own fingerprint of a key, to hold keys scan to OpenSSH's.</summary>
    private static string FingerprintOf(string key)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, key + "\n");
            var info = new ProcessStartInfo("ssh-keygen", ["-l", "-E", "sha256", "-f", file]) { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output.Split(' ')[1];
        }
        finally
        {
            File.Delete(file);
        }
    }
}
