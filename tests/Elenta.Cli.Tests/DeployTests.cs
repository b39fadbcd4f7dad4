using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>
/// plan, deploy, switch, boot, rollback and history for real, over SSH with the files driver, on a
/// lab of emerald-city (one lab for the class: <see cref="DeployLab"/>), from the operator's laptop
/// hedges. Each test targets machines of its own, so their order does not matter.
/// </summary>
[Collection(HostNetwork.Name)]
public sealed class DeployTests(DeployLab lab) : IClassFixture<DeployLab>
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static JsonElement Machine(JsonElement root, string name) =>
        root.GetProperty("machines").EnumerateArray().Single(m => m.GetProperty("machine").GetString() == name);

    /// <summary>sha256 of every file a machine's current generation installed.</summary>
    private Dictionary<string, string> Installed(string machine)
    {
        var listing = lab.Lab.Capture(machine, ["sh", "-c", "cut -f2 /var/lib/elenta/current/install.tsv | xargs sha256sum"]).Output;
        return listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split("  ", 2)).ToDictionary(p => p[1], p => p[0], StringComparer.Ordinal);
    }

    [Fact]
    public void SwitchPlanChangeDeploySwitchAndRollBack()
    {
        // First switch, in parallel: randy (by its tag, with hedges, which Elenta does not manage), toto and
        // nancy. nancy receives /usr/local/sbin/format-disks, which the lab's read-only /usr refuses: it fails
        // alone, runs no generation, and the others are done.
        var clock = Stopwatch.StartNew();
        var first = lab.Run(["switch", DeployLab.Site, "--on", "@workstation,toto,nancy", "--parallel", "3", "--format", "json"]);
        Assert.True(first.Code == 1, first.Output + first.Error);
        var firstJson = Json(first.Output);
        Assert.Equal(["nancy"], firstJson.GetProperty("failed").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("Read-only file system", Machine(firstJson, "nancy").GetProperty("detail").GetString());
        Assert.NotEqual(0, lab.Lab.Capture("nancy", ["test", "-e", "/var/lib/elenta/current"]).Code);
        foreach (var m in new[] { "randy", "toto" })
        {
            Assert.Equal("activated generation 1", Machine(firstJson, m).GetProperty("outcome").GetString());
            Assert.Equal("generations/1", lab.Lab.Capture(m, ["readlink", "/var/lib/elenta/boot"]).Output.Trim());
        }

        var generationOne = Installed("randy");
        Assert.Contains("/etc/backup/target.conf", generationOne.Keys);

        // Nothing changed: up to date, exit 0 with --exit-code.
        var upToDate = lab.Run(["plan", DeployLab.Site, "--on", "randy,toto", "--exit-code"]);
        Assert.True(upToDate.Code == 0, upToDate.Output + upToDate.Error);
        Assert.Matches(@"randy +up-to-date", upToDate.Output);
        Assert.Matches(@"toto +up-to-date", upToDate.Output);

        // One role's file changes (backup-client's template, used on randy only): plan names randy, and that file.
        File.AppendAllText(Path.Combine(lab.SiteOnHost, "templates", "backup-target.conf.liquid"), "retention = 7\n");
        var changed = lab.Run(["plan", DeployLab.Site, "--on", "randy,toto", "--exit-code", "--format", "json"]);
        Assert.True(changed.Code == 2, changed.Output + changed.Error);
        var plan = Json(changed.Output);
        Assert.Equal(["randy"], plan.GetProperty("machines").EnumerateArray().Where(m => m.GetProperty("status").GetString() != "up-to-date").Select(m => m.GetProperty("machine").GetString()));
        Assert.Equal("behind", Machine(plan, "randy").GetProperty("status").GetString());
        Assert.Equal(["change /etc/backup/target.conf"], Machine(plan, "randy").GetProperty("files").EnumerateArray().Select(f => f.GetProperty("kind").GetString() + " " + f.GetProperty("target").GetString()));

        // deploy activates it and leaves the boot default where it was; switch then moves the boot default.
        var deploy = lab.Run(["deploy", DeployLab.Site, "--on", "randy,toto"]);
        Assert.True(deploy.Code == 0, deploy.Output + deploy.Error);
        Assert.Matches(@"randy +activated generation 2", deploy.Output);
        Assert.Matches(@"toto +up to date", deploy.Output);
        Assert.Contains("randy: warning: systemd is not running on this machine: 'systemctl restart backup.timer' skipped", deploy.Output);
        Assert.Contains("retention = 7", lab.Lab.Capture("randy", ["cat", "/etc/backup/target.conf"]).Output);
        Assert.Equal("generations/2", lab.Lab.Capture("randy", ["readlink", "/var/lib/elenta/current"]).Output.Trim());
        Assert.Equal("generations/1", lab.Lab.Capture("randy", ["readlink", "/var/lib/elenta/boot"]).Output.Trim());
        var afterDeploy = lab.Run(["plan", DeployLab.Site, "--on", "randy", "--exit-code"]);
        Assert.True(afterDeploy.Code == 0, afterDeploy.Output);
        Assert.Contains("boot default is generation 1", afterDeploy.Output);

        var boot = lab.Run(["switch", DeployLab.Site, "--on", "randy"]);
        Assert.True(boot.Code == 0, boot.Output + boot.Error);
        Assert.Matches(@"randy +boot generation 2", boot.Output);
        Assert.Equal("generations/2", lab.Lab.Capture("randy", ["readlink", "/var/lib/elenta/boot"]).Output.Trim());

        // rollback: generation 1 again, byte for byte, now and at boot.
        var rollback = lab.Run(["rollback", DeployLab.Site, "--on", "randy"]);
        Assert.True(rollback.Code == 0, rollback.Output + rollback.Error);
        Assert.Matches(@"randy +rolled back to generation 1", rollback.Output);
        Assert.Equal(generationOne, Installed("randy"));
        Assert.Equal("generations/1", lab.Lab.Capture("randy", ["readlink", "/var/lib/elenta/boot"]).Output.Trim());
        var behindAgain = lab.Run(["plan", DeployLab.Site, "--on", "randy", "--exit-code"]);
        Assert.Equal(2, behindAgain.Code);

        // The journal has it all, in order.
        var history = lab.Run(["history", "randy", "--site", DeployLab.Site, "--format", "json"], trust: false);
        Assert.True(history.Code == 0, history.Error);
        var lines = Json(history.Output).EnumerateArray().Select(e => e.GetProperty("command").GetString() + " " + e.GetProperty("outcome").GetString()).ToList();
        Assert.Equal(["switch activated generation 1", "plan up-to-date", "plan behind", "deploy activated generation 2", "plan up-to-date", "switch boot generation 2", "rollback rolled back to generation 1", "plan behind"], lines);
        Console.WriteLine($"deploy flow: {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task TwoDeploysOfOneMachineAtOnceOneIsRefusedNamingTheHolder()
    {
        // The slow role's after command waits on archimedes for /tmp/elenta-test-go, so the first deploy holds the lock until then.
        File.WriteAllText(Path.Combine(lab.SiteOnHost, "templates", "slow.liquid"), "slow {{ name }}, changed " + Guid.NewGuid() + "\n");
        lab.Lab.Capture("archimedes", ["rm", "-f", "/tmp/elenta-test-go"]);
        using var first = lab.Start(["switch", DeployLab.Site, "--on", "archimedes"]);
        var output = first.StandardOutput.ReadToEndAsync();
        var error = first.StandardError.ReadToEndAsync();
        try
        {
            var held = Stopwatch.StartNew();
            while (lab.Lab.Capture("archimedes", ["test", "-d", "/var/lib/elenta/lock"]).Code != 0)
            {
                if (held.Elapsed > TimeSpan.FromSeconds(60) || first.HasExited)
                {
                    Assert.Fail("the first deploy never took the lock: " + await output + await error);
                }

                await Task.Delay(100);
            }

            // plan does not wait for the lock, and says who holds it.
            var plan = lab.Run(["plan", DeployLab.Site, "--on", "archimedes"]);
            Assert.Matches(@"locked by root@hedges pid \d+ since \d{4}-", plan.Output);

            var second = lab.Run(["deploy", DeployLab.Site, "--on", "archimedes"]);
            Assert.Equal(1, second.Code);
            Assert.Matches(@"archimedes: locked: archimedes is being deployed by root@hedges pid \d+ since \d{4}-\d\d-\d\dT", second.Output);
        }
        finally
        {
            lab.Lab.Capture("archimedes", ["touch", "/tmp/elenta-test-go"]);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await first.WaitForExitAsync(timeout.Token);
        var firstOutput = await output + await error;
        Assert.True(first.ExitCode == 0, firstOutput);
        Assert.Contains("activated generation", firstOutput);
        Assert.NotEqual(0, lab.Lab.Capture("archimedes", ["test", "-d", "/var/lib/elenta/lock"]).Code);
        Assert.Contains("changed", lab.Lab.Capture("archimedes", ["cat", "/etc/slow.conf"]).Output);
    }

    [Fact]
    public void AnUnknownOrChangedHostKeyIsRefused()
    {
        var knownHosts = File.ReadAllLines(lab.KnownHosts);
        var hedges = knownHosts.Single(l => l.StartsWith("hedges.canon", StringComparison.Ordinal));
        // Written into hedges' private /root (a bind mount, seen at once): a file added under the host's /var
        // after hedges came up is not reliably seen through its /var overlay.
        var root = Path.Combine(lab.Lab.MachineDirectory("hedges"), "root");
        File.WriteAllLines(Path.Combine(root, "deploy-changed-key"), knownHosts.Select(l => l.StartsWith("toto.canon,", StringComparison.Ordinal) ? l.Split(' ')[0] + " " + string.Join(' ', hedges.Split(' ').Skip(1)) : l));
        File.WriteAllLines(Path.Combine(root, "deploy-unknown-key"), knownHosts.Where(l => !l.StartsWith("toto.canon,", StringComparison.Ordinal)));
        foreach (var file in new[] { "/root/deploy-changed-key", "/root/deploy-unknown-key" })
        {
            var plan = lab.Run(["plan", DeployLab.Site, "--on", "toto", "--known-hosts", file, "--identity", lab.Identity], trust: false);
            Assert.Equal(1, plan.Code);
            Assert.Matches(@"toto +unreachable +host key refused: toto\.canon \(10\.255\.0\.10\)", plan.Output);
            var deploy = lab.Run(["switch", DeployLab.Site, "--on", "toto", "--known-hosts", file, "--identity", lab.Identity], trust: false);
            Assert.Equal(1, deploy.Code);
            Assert.Contains("host key refused", deploy.Output);
        }
    }

    [Fact]
    public void MachinesAreReachedThroughDnsOrTheCadaster()
    {
        // DNS: toto.canon through hedges' resolver (Unbound on ifrit, NSD on toto behind it).
        var dns = lab.Run(["plan", DeployLab.Site, "--canon", "toto.canon", "--format", "json"]);
        Assert.True(dns.Code == 0, dns.Output + dns.Error);
        Assert.Equal("10.255.0.10", Machine(Json(dns.Output), "toto").GetProperty("address").GetString());

        // With DNS gone (hedges' resolver pointed at nothing), a name does not resolve and --no-dns is the way out.
        Assert.Equal(0, lab.Lab.Capture("hedges", ["sh", "-c", "cp /etc/resolv.conf /etc/resolv.conf.keep && echo 'nameserver 127.0.0.9' > /etc/resolv.conf"]).Code);
        try
        {
            var noAnswer = lab.Run(["plan", DeployLab.Site, "--canon", "toto"]);
            Assert.Equal(1, noAnswer.Code);
            Assert.Contains("toto.canon does not resolve through DNS; --no-dns takes the cadaster's address (10.255.0.10)", noAnswer.Error);
            var cadaster = lab.Run(["plan", DeployLab.Site, "--canon", "toto", "--no-dns", "--format", "json"]);
            Assert.True(cadaster.Code == 0, cadaster.Output + cadaster.Error);
            Assert.Equal("10.255.0.10", Machine(Json(cadaster.Output), "toto").GetProperty("address").GetString());
        }
        finally
        {
            lab.Lab.Capture("hedges", ["mv", "/etc/resolv.conf.keep", "/etc/resolv.conf"]);
        }
    }

    [Fact]
    public void ASavedPlanIsAppliedExactlyTheGuardStopsALargeChangeAndRevDeploysACommit()
    {
        const string dragon = "dragon-of-perdition";
        var hedgesRoot = Path.Combine(lab.Lab.MachineDirectory("hedges"), "root");
        var template = Path.Combine(lab.SiteOnHost, "templates", "planned.liquid");
        string Conf() => lab.Lab.Capture(dragon, ["cat", "/etc/planned.conf"]).Output;
        string Link(string name) => lab.Lab.Capture(dragon, ["readlink", "/var/lib/elenta/" + name]).Output.Trim();

        // A saved plan: dragon runs nothing yet, so its action is to install (for switch, the default).
        var plan = lab.Run(["plan", DeployLab.Site, "--on", dragon, "--out", "/root/dragon.plan", "--exit-code"]);
        Assert.True(plan.Code == 2, plan.Output + plan.Error);
        var saved = Json(File.ReadAllText(Path.Combine(hedgesRoot, "dragon.plan")));
        Assert.Equal("switch", saved.GetProperty("for").GetString());
        Assert.Equal("install", Machine(saved, dragon).GetProperty("action").GetString());

        var dry = lab.Run(["apply", "/root/dragon.plan", "--dry-run"]);
        Assert.True(dry.Code == 0, dry.Output + dry.Error);
        Assert.Matches(dragon + @" +dry run", dry.Output);
        Assert.NotEqual(0, lab.Lab.Capture(dragon, ["test", "-e", "/var/lib/elenta/current"]).Code);

        var apply = lab.Run(["apply", "/root/dragon.plan"]);
        Assert.True(apply.Code == 0, apply.Output + apply.Error);
        Assert.Matches(dragon + @" +activated generation 1", apply.Output);
        Assert.Equal("planned dragon-of-perdition\n", Conf());
        Assert.Equal("generations/1", Link("boot"));

        // The same plan again: dragon has changed since (it runs generation 1 now), so it is refused and nothing is done.
        var again = lab.Run(["apply", "/root/dragon.plan"]);
        Assert.Equal(1, again.Code);
        Assert.Contains("changed since the plan: it ran no generation (none), it runs generation 1", again.Output);
        Assert.NotEqual(0, lab.Lab.Capture(dragon, ["test", "-e", "/var/lib/elenta/generations/2"]).Code);

        // A plan for deploy; the site then changes under it: refused; back as planned: applied, as deploy (the boot default stays).
        File.WriteAllText(template, "planned two {{ name }}\n");
        var forDeploy = lab.Run(["plan", DeployLab.Site, "--on", dragon, "--for", "deploy", "--out", "/root/dragon-deploy.plan"]);
        Assert.True(forDeploy.Code == 0, forDeploy.Output + forDeploy.Error);
        File.WriteAllText(template, "planned three {{ name }}\n");
        var stale = lab.Run(["apply", "/root/dragon-deploy.plan"]);
        Assert.Equal(1, stale.Code);
        Assert.Contains("the site compiles to other content for it than when planned", stale.Output);
        File.WriteAllText(template, "planned two {{ name }}\n");
        var deployed = lab.Run(["apply", "/root/dragon-deploy.plan"]);
        Assert.True(deployed.Code == 0, deployed.Output + deployed.Error);
        Assert.Matches(dragon + @" +activated generation 2", deployed.Output);
        Assert.Equal(("generations/2", "generations/1"), (Link("current"), Link("boot")));

        // The too-much-change guard: one machine of one would change, over a share of 0: stopped before anything is done.
        File.WriteAllText(template, "planned four {{ name }}\n");
        var guarded = lab.Run(["switch", DeployLab.Site, "--on", dragon, "--max-change", "0"]);
        Assert.Equal(1, guarded.Code);
        Assert.Contains("switch stopped before touching any machine: this would change 1 of the 1 targeted machines that run a generation (100%), more than the 0% allowed: dragon-of-perdition", guarded.Error);
        Assert.Equal("planned two dragon-of-perdition\n", Conf());
        var guardedDry = lab.Run(["switch", DeployLab.Site, "--on", dragon, "--max-change", "0%", "--dry-run"]);
        Assert.True(guardedDry.Code == 0, guardedDry.Output + guardedDry.Error);
        Assert.Contains("note: without --dry-run this would stop", guardedDry.Error);
        var forced = lab.Run(["switch", DeployLab.Site, "--on", dragon, "--max-change", "0", "--force"]);
        Assert.True(forced.Code == 0, forced.Output + forced.Error);
        Assert.Equal("planned four dragon-of-perdition\n", Conf());

        // --rev: a git repository of the site and its overlay, with two commits; switch at HEAD, then at HEAD~1.
        const string git = "git -c user.email=op@hedges -c user.name=op";
        var repo = lab.Lab.Capture("hedges", ["sh", "-ec", $$$"""
            rm -rf /root/git && mkdir /root/git && cp -a /root/sites/emerald-city /root/sites/narya /root/git/ && cd /root/git
            rm -rf emerald-city/.elenta && printf '.elenta/\n.secrets/\n' > .gitignore
            echo 'planned one {{ name }}' > emerald-city/templates/planned.liquid
            git init -q && git add -A && {{{git}}} commit -qm one
            echo 'planned two {{ name }}' > emerald-city/templates/planned.liquid
            {{{git}}} commit -qam two && git rev-parse HEAD~1
            """]);
        Assert.True(repo.Code == 0, repo.Output + repo.Error);
        var one = repo.Output.Trim();
        var head = lab.Run(["switch", "/root/git/emerald-city", "--on", dragon]);
        Assert.True(head.Code == 0, head.Output + head.Error);
        Assert.Equal("planned two dragon-of-perdition\n", Conf());
        var ahead = lab.Run(["plan", "/root/git/emerald-city", "--on", dragon, "--rev", "HEAD~1", "--exit-code", "--format", "json"]);
        Assert.True(ahead.Code == 2, ahead.Output + ahead.Error);
        var aheadJson = Json(ahead.Output);
        Assert.Equal(one, aheadJson.GetProperty("gitRevision").GetString());
        Assert.Equal("ahead", Machine(aheadJson, dragon).GetProperty("status").GetString());
        var back = lab.Run(["switch", "/root/git/emerald-city", "--on", dragon, "--rev", one[..10]]);
        Assert.True(back.Code == 0, back.Output + back.Error);
        Assert.Equal("planned one dragon-of-perdition\n", Conf());
        var behind = lab.Run(["plan", "/root/git/emerald-city", "--on", dragon, "--format", "json"]);
        Assert.Equal("behind", Machine(Json(behind.Output), dragon).GetProperty("status").GetString());
        var unknown = lab.Run(["plan", "/root/git/emerald-city", "--on", dragon, "--rev", "no-such-tag"]);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("--rev no-such-tag: not a commit of the site's repository", unknown.Error);
    }
}
