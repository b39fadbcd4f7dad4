using System.Diagnostics;
using Elenta.Cli.Tests.Support;
using Elenta.Core.Emit;
using Elenta.Deploy;
using Elenta.Deploy.State;
using Elenta.Deploy.Transport;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>The deploy commands' edges that need no lab: targets, help, mistakes, quoting, the journal.</summary>
public sealed class DeployCommandTests
{
    private static string Site => Path.Combine(CliRunner.RepoRoot, "examples", "emerald-city");

    private sealed class FixedResolver(params string[] answer) : INameResolver
    {
        public IReadOnlyList<string>? Resolve(string name) => answer;
    }

    private static (Core.Semantics.ResolvedSite Site, Manifest Manifest) Compiled()
    {
        var compilation = Core.Compilation.Create(Site, new Hosting.PhysicalFileSystem(CliRunner.RepoRoot), nix: null);
        var build = Output.SiteBuilder.InMemory(compilation, Site, new DateOnly(2026, 1, 1));
        return (compilation.Resolved!, Manifest.Read(build.Artifacts.Single(a => a.Path == Manifest.Path).Content)!);
    }

    [Fact]
    public void TargetsByNameTagGlobCanonAndConstellation()
    {
        var (site, manifest) = Compiled();
        string[] Names(TargetSelection s) => [.. Targets.Select(site, manifest, s, null).Targets.Select(t => t.Machine)];
        Assert.Equal(["ifrit", "nancy", "toto"], Names(new TargetSelection(["@core"], null, null)).Order(StringComparer.Ordinal));
        Assert.Equal(["daktylos", "dashy", "db-a", "dev", "dragon-of-perdition"], Names(new TargetSelection(["d*"], null, null)).Order(StringComparer.Ordinal));
        Assert.Equal(["toto"], Names(new TargetSelection([], "toto.canon", null)));
        var bmc = Targets.Select(site, manifest, new TargetSelection([], "drac.dragon-of-perdition.canon", null), null);
        Assert.Empty(bmc.Targets);
        Assert.Equal("'drac.dragon-of-perdition.canon' is the BMC of dragon-of-perdition, not a machine Elenta deploys to or asks for its key: name dragon-of-perdition itself", bmc.Problems.Single().Message);
        Assert.DoesNotContain("hedges", Names(new TargetSelection(["hedges,toto"], null, null))); // driver: none
        Assert.Contains("barge", Names(new TargetSelection([], null, "emerald-city")));
        var target = Targets.Select(site, manifest, new TargetSelection(["toto"], null, null), null).Targets.Single();
        Assert.Equal(("toto.canon", "10.255.0.10", 22, "root"), (target.CanonName, target.Address, target.Port, target.User));
    }

    [Fact]
    public void DnsThatDisagreesWithTheCadasterStopsTheMachine()
    {
        var (site, manifest) = Compiled();
        var agree = Targets.Select(site, manifest, new TargetSelection(["toto"], null, null), new FixedResolver("10.255.0.10"));
        Assert.Empty(agree.Problems);
        var disagree = Targets.Select(site, manifest, new TargetSelection(["toto"], null, null), new FixedResolver("10.255.9.9"));
        Assert.Empty(disagree.Targets);
        Assert.Equal("DNS says toto.canon is 10.255.9.9, the cadaster says 10.255.0.10: they disagree, so nothing is done to it (fix the zone or the cadaster; --no-dns uses the cadaster)", disagree.Problems.Single().Message);
        var none = Targets.Select(site, manifest, new TargetSelection(["toto"], null, null), new FixedResolver());
        Assert.Contains("does not resolve through DNS; --no-dns takes the cadaster's address (10.255.0.10)", none.Problems.Single().Message);
    }

    /// <summary>Answers from a table, each lookup waiting (up to 5 s) until another is in flight beside it.</summary>
    private sealed class MeetingResolver(IReadOnlyDictionary<string, string> table) : INameResolver
    {
        private int inFlight;
        private int most;

        public int Most => Volatile.Read(ref most);

        public IReadOnlyList<string>? Resolve(string name)
        {
            var now = Interlocked.Increment(ref inFlight);
            for (var seen = Volatile.Read(ref most); now > seen && Interlocked.CompareExchange(ref most, now, seen) != seen; seen = Volatile.Read(ref most))
            {
            }

            SpinWait.SpinUntil(() => Volatile.Read(ref most) >= 2, TimeSpan.FromSeconds(5));
            Interlocked.Decrement(ref inFlight);
            return table.TryGetValue(name, out var address) ? [address] : [];
        }
    }

    [Fact]
    public void TheTargetsNamesAreResolvedSideBySideAndKeepTheSitesOrder()
    {
        var (site, manifest) = Compiled();
        var every = new TargetSelection([], null, null);
        var byCadaster = Targets.Select(site, manifest, every, null).Targets;
        Assert.True(byCadaster.Count > 2);
        var resolver = new MeetingResolver(byCadaster.ToDictionary(t => t.CanonName, t => t.Address));
        var (byDns, problems) = Targets.Select(site, manifest, every, resolver);
        Assert.Empty(problems);
        Assert.Equal(byCadaster, byDns);
        Assert.True(resolver.Most >= 2, "the names were asked one after the other");
    }

    [Fact]
    public void AnUnknownTargetIsOneLineWithASuggestion()
    {
        // plan builds the site into its .elenta/ (and makes its .secrets): a copy, so examples/ stays as it is.
        using var copy = new CliRunner.TempDir();
        foreach (var name in new[] { "emerald-city", "narya" })
        {
            var from = Path.Combine(CliRunner.RepoRoot, "examples", name);
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/.", StringComparison.Ordinal)))
            {
                copy.Write(Path.Combine(name, Path.GetRelativePath(from, file)), File.ReadAllText(file));
            }
        }

        var r = CliRunner.InRepo("plan", Path.Combine(copy.Path, "emerald-city"), "--on", "tota", "--no-dns");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("elenta: tota: --on 'tota' matches no machine of the site; did you mean 'toto'?", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        var rollback = CliRunner.InRepo("rollback", Path.Combine(copy.Path, "emerald-city"));
        Assert.Equal(1, rollback.ExitCode);
        Assert.Contains("rollback needs its machines named", rollback.Err);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("deploy")]
    [InlineData("switch")]
    [InlineData("boot")]
    [InlineData("rollback")]
    [InlineData("history")]
    public void HelpSaysTheDefaultsInWords(string command)
    {
        var r = CliRunner.InRepo(command, "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("the current directory when omitted", r.Out);
        Assert.DoesNotContain("[default: .]", r.Out);
        Assert.Contains("Examples:", r.Out);
    }

    [Fact]
    public void RemoteArgumentsReachTheShellAsTheyWere()
    {
        string[] args = ["a b", "it's", "$(touch /nonexistent)", "; rm -rf x", "`id`", "tab\there", ""];
        var line = SshTransport.RemoteCommandLine(["printf", "[%s]\\n", .. args]);
        var sh = Process.Start(new ProcessStartInfo("sh", ["-c", line]) { RedirectStandardOutput = true })!;
        var output = sh.StandardOutput.ReadToEnd();
        sh.WaitForExit();
        Assert.Equal(string.Concat(args.Select(a => $"[{a}]\n")), output);
    }

    [Fact]
    public void TheJournalKeepsEachMachinesHistoryInOrder()
    {
        using var dir = new CliRunner.TempDir();
        var path = Path.Combine(dir.Path, ".elenta", "state.db");
        using (var journal = new SqliteJournal(path))
        {
            var t = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
            journal.Record(new JournalEntry(t, "switch", "toto", "activated generation 1", 1, "h1", "abc", 1.5, "", "op"));
            journal.Record(new JournalEntry(t.AddMinutes(1), "plan", "ifrit", "up-to-date", 3, "h3", "abc", 0.2, "", "op"));
            journal.Record(new JournalEntry(t.AddMinutes(2), "rollback", "toto", "rolled back to generation 1", 1, null, "abc", 0.9, "from 2", "op"));
        }

        var all = CliRunner.Run(dir.Path, "history", "--site", dir.Path);
        Assert.Equal(0, all.ExitCode);
        var toto = CliRunner.Run(dir.Path, "history", "toto", "--site", dir.Path, "--format", "json");
        using var json = System.Text.Json.JsonDocument.Parse(toto.Out);
        Assert.Equal(["switch", "rollback"], json.RootElement.EnumerateArray().Select(e => e.GetProperty("command").GetString()));
        Assert.Contains("ifrit", all.Out);
        Assert.Equal(toto.Out, CliRunner.Run(dir.Path, "history", "toto", "--site", dir.Path, "-f", "json").Out);

        // Neither a site nor a journal: said, exit 1. A site without a journal: nothing yet (JSON: no lines).
        var nowhere = CliRunner.Run(dir.Path, "history", "--site", Path.Combine(dir.Path, "nowhere"));
        Assert.Equal(1, nowhere.ExitCode);
        Assert.Contains("nowhere is no site (it has no elenta.yaml, nor does any directory above it) and holds no journal", nowhere.Err);
        dir.Write("fresh/elenta.yaml", "site: fresh\n");
        var fresh = CliRunner.Run(dir.Path, "history", "--site", Path.Combine(dir.Path, "fresh"));
        Assert.Equal(0, fresh.ExitCode);
        Assert.Contains("no journal yet", fresh.Out);
        Assert.Equal("[]\n", CliRunner.Run(dir.Path, "history", "--site", Path.Combine(dir.Path, "fresh"), "--format", "json").Out);
    }

    /// <summary>n machines running a generation (the first <paramref name="changing"/> of them behind), and <paramref name="fresh"/> that run nothing yet.</summary>
    private static List<PlanEntry> Entries(int running, int changing, int fresh = 0)
    {
        PlanEntry Entry(int i, MachineStatus status, bool runs) => new(
            new DeployTarget($"m{i}", $"m{i}.canon", "127.0.0.1", 22, "root", Core.Model.DriverKind.Files), status, string.Empty, [],
            new Deploy.Drivers.MachineState(true, null, runs ? new Deploy.Drivers.RunningGeneration(1, "h", null, null, new Dictionary<string, string>()) : null, 1, [1], null), null);
        return [.. Enumerable.Range(0, running).Select(i => Entry(i, i < changing ? MachineStatus.Behind : MachineStatus.UpToDate, true)),
            .. Enumerable.Range(running, fresh).Select(i => Entry(i, MachineStatus.New, false))];
    }

    [Fact]
    public void TheGuardStopsAChangeOfMoreThanItsShareOfTheMachinesThatRunAGeneration()
    {
        // The default (30%) guards 10 or more machines that run a generation; machines new to Elenta do not count.
        Assert.Null(ChangeGuard.Default.Check(Entries(9, 9)));
        Assert.Null(ChangeGuard.Default.Check(Entries(10, 3, fresh: 40)));
        Assert.Contains("this would change 4 of the 10 targeted machines that run a generation (40%), more than the 30% allowed: m0, m1, m2, m3.", ChangeGuard.Default.Check(Entries(10, 4)));
        Assert.Contains("m9 and 2 more", ChangeGuard.Default.Check(Entries(20, 12)));

        // A share the operator gives guards any number of machines; "50", "50%" and "0.5" are one share.
        Assert.NotNull(ChangeGuard.Parse("0")!.Check(Entries(1, 1)));
        Assert.Null(ChangeGuard.Parse("0")!.Check(Entries(1, 0, fresh: 3)));
        Assert.All(new[] { "50", "50%", "0.5" }, t => Assert.Equal(0.5, ChangeGuard.Parse(t)!.MaxShare, 6));
        Assert.Null(ChangeGuard.Parse("50")!.Check(Entries(2, 1)));
        Assert.NotNull(ChangeGuard.Parse("50")!.Check(Entries(3, 2)));
        Assert.Null(ChangeGuard.Parse("lots"));
        Assert.Null(ChangeGuard.Parse("120"));
    }

    [Fact]
    public void ApplyRefusesWhatIsNotAPlanAndDeploySaysWhatAShareIs()
    {
        using var dir = new CliRunner.TempDir();
        var missing = CliRunner.Run(dir.Path, "apply", "nothing.plan");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nothing.plan: no such plan; write one with `elenta plan --out FILE`", missing.Err);
        File.WriteAllText(Path.Combine(dir.Path, "history.json"), "[]");
        var notPlan = CliRunner.Run(dir.Path, "apply", "history.json");
        Assert.Equal(1, notPlan.ExitCode);
        Assert.Contains("history.json: not a readable plan", notPlan.Err);
        File.WriteAllText(Path.Combine(dir.Path, "other.json"), "{\"machines\": []}");
        Assert.Contains("not a plan of this elenta", CliRunner.Run(dir.Path, "apply", "other.json").Err);

        var share = CliRunner.Run(dir.Path, "deploy", Site, "--max-change", "lots");
        Assert.Equal(1, share.ExitCode);
        Assert.Contains("--max-change lots: not a share of machines; give a percentage from 0 to 100, such as 30 or 30%", share.Err);
    }
}
