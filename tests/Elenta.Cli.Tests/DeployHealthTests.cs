using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>
/// A lab of emerald-city for the deploy health tests (<see cref="DeployLab"/>) whose site copy adds
/// roles with hooks: health-probe on randy (a file, backup and restore commands, a command, a TCP and
/// an HTTP check, after toto), health-first on toto (a file, a TCP check on its name server) and
/// ssh-gate on dragon-of-perdition (a script, run after it changes, that can close the machine to new
/// ssh connections).
/// </summary>
public sealed class DeployHealthLab : IDisposable
{
    public DeployHealthLab()
    {
        Deploy = new DeployLab();
        try
        {
            File.WriteAllText(Path.Combine(Deploy.SiteOnHost, "deploy-health.yaml"), """
                roles:
                  health-probe:
                    description: A file checked after activation, with backup and restore commands (the deploy health tests).
                    config:
                      files:
                        - { path: /etc/elenta-health/state, template: templates/health-state.liquid }
                    backup:
                      - "test ! -e /root/fail-backup"
                      - "cp /etc/elenta-health/state /root/state.backup 2>/dev/null; echo backup $(date +%s.%N) >> /root/hooks.log"
                    restore:
                      - "grep -q ok /etc/elenta-health/state && echo restore-after-reactivation >> /root/hooks.log"
                    health:
                      - { command: "grep -q ok /etc/elenta-health/state", interval: 1s, timeout: 3s }
                      - { tcp: 22 }
                      - { http: 80, path: /state, timeout: 10s }
                    after: [toto]
                  health-first:
                    description: What randy comes after.
                    config:
                      files:
                        - { path: /etc/elenta-health/first, template: templates/health-first.liquid }
                    health: [ { tcp: 53 } ]
                  ssh-gate:
                    description: A script its after command runs, which can close its machine to new ssh connections (the unconfirmed-deploy test).
                    config:
                      files:
                        - { path: /etc/elenta-health/ssh-gate.sh, template: templates/ssh-gate.liquid }
                      activate: [ "sh /etc/elenta-health/ssh-gate.sh" ]
                constellations:
                  emerald-city:
                    machines:
                      randy:
                        hostConfig:
                          health-probe: { role: health-probe }
                      toto:
                        hostConfig:
                          health-first: { role: health-first }
                      dragon-of-perdition:
                        hostConfig:
                          ssh-gate: { role: ssh-gate }
                """);
            Gate(open: true);
            State("ok 1");
            File.WriteAllText(Path.Combine(Deploy.SiteOnHost, "templates", "health-first.liquid"), "first {{ name }}\n");
        }
        catch
        {
            Deploy.Dispose();
            throw;
        }
    }

    public DeployLab Deploy { get; }

    /// <summary>What randy's /etc/elenta-health/state will hold (its health command wants "ok" in it).</summary>
    public void State(string text) => File.WriteAllText(Path.Combine(Deploy.SiteOnHost, "templates", "health-state.liquid"), text + " {{ name }}\n");

    /// <summary>dragon-of-perdition's gate script: removes the test's rule (open), or inserts it first in the machine's input chain: new ssh connections reset, open ones kept.</summary>
    public const string OpenGate = "for h in $(nft -a list chain inet elenta input | sed -n 's/.*elenta-test-ssh-gate.* # handle //p'); do nft delete rule inet elenta input handle \"$h\"; done\n";

    public void Gate(bool open) => File.WriteAllText(Path.Combine(Deploy.SiteOnHost, "templates", "ssh-gate.liquid"),
        $"# {{{{ name }}}}: new ssh connections {(open ? "open" : "closed")}\n" + OpenGate
        + (open ? string.Empty : "nft 'insert rule inet elenta input tcp dport 22 ct state new reject with tcp reset comment \"elenta-test-ssh-gate\"'\n"));

    public void Dispose() => Deploy.Dispose();
}

/// <summary>
/// Roles' backup, restore and health hooks, the after: order, automatic rollback (a failed health
/// check; a machine the deployer cannot reach again after activation) for real, on a lab, from hedges.
/// </summary>
[Collection(HostNetwork.Name)]
public sealed class DeployHealthTests(DeployHealthLab fixture) : IClassFixture<DeployHealthLab>
{
    private readonly DeployLab lab = fixture.Deploy;

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static JsonElement Machine(JsonElement root, string name) =>
        root.GetProperty("machines").EnumerateArray().Single(m => m.GetProperty("machine").GetString() == name);

    private string Current(string machine) => lab.Lab.Capture(machine, ["readlink", "/var/lib/elenta/current"]).Output.Trim();

    private string Cat(string machine, string path) => lab.Lab.Capture(machine, ["cat", path]).Output;

    [Fact]
    public void HealthChecksBackupAndRestoreHooksAndTheDeployOrder()
    {
        // The HTTP check's server: started by the test in randy, on port 80 (ifrit lets home reach the lab there), its own firewall opened for it here.
        var http = lab.Lab.Capture("randy", ["sh", "-c",
            "mkdir -p /etc/elenta-health && nft insert rule inet elenta input tcp dport 80 accept && "
            + "setsid python3 -m http.server 80 --bind 10.255.0.70 --directory /etc/elenta-health </dev/null >/dev/null 2>&1 & echo $!"]);
        Assert.True(http.Code == 0, http.Error);
        try
        {
            // First switch: toto goes first (randy's role comes after it), every check passes.
            fixture.State("ok 1");
            var first = lab.Run(["switch", DeployLab.Site, "--on", "randy,toto", "--format", "json"]);
            Assert.True(first.Code == 0, first.Output + first.Error);
            var firstJson = Json(first.Output);
            var randyOne = Machine(firstJson, "randy").GetProperty("generation").GetInt32();
            Assert.StartsWith("activated generation", Machine(firstJson, "toto").GetProperty("outcome").GetString());
            var log = File.ReadAllText(Machine(firstJson, "randy").GetProperty("log").GetString()!.Replace("/root/", Path.Combine(lab.Lab.MachineDirectory("hedges"), "root") + "/", StringComparison.Ordinal));
            Assert.Contains("confirmed generation", log);
            Assert.Matches(@"health command 'grep -q ok /etc/elenta-health/state' \(role health-probe\): passed", log);
            Assert.Contains("health tcp 22 (role health-probe): passed", log);
            Assert.Contains("health http 80/state (role health-probe): passed", log);

            // randy's backup ran after toto was done: the time its backup wrote is after toto's outcome in the journal.
            var history = Json(lab.Run(["history", "--site", DeployLab.Site, "--format", "json"], trust: false).Output);
            var totoDone = history.EnumerateArray().Last(e => e.GetProperty("machine").GetString() == "toto" && e.GetProperty("command").GetString() == "switch").GetProperty("time").GetString();
            var backups = Cat("randy", "/root/hooks.log").Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("backup ", StringComparison.Ordinal)).ToList();
            var backupAt = DateTimeOffset.FromUnixTimeMilliseconds((long)(double.Parse(backups[^1]["backup ".Length..], CultureInfo.InvariantCulture) * 1000));
            Assert.True(backupAt >= DateTimeOffset.Parse(totoDone!, CultureInfo.InvariantCulture), $"randy's backup at {backupAt:o}, toto done at {totoDone}");

            // A change whose health check fails: randy goes back to its generation by itself, byte for byte; the journal says so.
            var good = lab.Sha256("randy", "/etc/elenta-health/state");
            fixture.State("bad 2");
            var failing = lab.Run(["deploy", DeployLab.Site, "--on", "randy", "--format", "json"]);
            Assert.True(failing.Code == 1, failing.Output + failing.Error);
            var randy = Machine(Json(failing.Output), "randy");
            Assert.Equal("rolled back", randy.GetProperty("outcome").GetString());
            Assert.Contains("health check command 'grep -q ok /etc/elenta-health/state' of role health-probe did not pass within 3 s", randy.GetProperty("detail").GetString());
            Assert.Contains($"generation {randyOne} runs again", randy.GetProperty("detail").GetString());
            Assert.Equal($"generations/{randyOne}", Current("randy"));
            Assert.Equal(good, lab.Sha256("randy", "/etc/elenta-health/state"));
            var journal = Json(lab.Run(["history", "randy", "--site", DeployLab.Site, "--format", "json"], trust: false).Output).EnumerateArray().Last();
            Assert.Equal(("deploy", "rolled back"), (journal.GetProperty("command").GetString(), journal.GetProperty("outcome").GetString()));

            // --no-rollback: the same failure leaves the new generation active.
            var kept = lab.Run(["deploy", DeployLab.Site, "--on", "randy", "--no-rollback", "--format", "json"]);
            Assert.True(kept.Code == 1, kept.Output + kept.Error);
            randy = Machine(Json(kept.Output), "randy");
            Assert.Equal("failed", randy.GetProperty("outcome").GetString());
            Assert.EndsWith("stays active (--no-rollback)", randy.GetProperty("detail").GetString());
            var badOne = randy.GetProperty("generation").GetInt32();
            Assert.Equal($"generations/{badOne}", Current("randy"));
            Assert.Contains("bad 2", Cat("randy", "/etc/elenta-health/state"));

            // rollback --restore: the generation before (the undone one is skipped), then the roles' restore commands, which see its files.
            var restore = lab.Run(["rollback", DeployLab.Site, "--on", "randy", "--restore"]);
            Assert.True(restore.Code == 0, restore.Output + restore.Error);
            Assert.Matches($@"randy +rolled back to generation {randyOne}", restore.Output);
            Assert.Contains("1 restore commands ran", restore.Output);
            Assert.Equal($"generations/{randyOne}", Current("randy"));
            Assert.EndsWith("restore-after-reactivation\n", Cat("randy", "/root/hooks.log"));

            // A failing backup command stops the machine before anything is activated.
            lab.Lab.Capture("randy", ["touch", "/root/fail-backup"]);
            fixture.State("ok 3");
            var stopped = lab.Run(["switch", DeployLab.Site, "--on", "randy", "--format", "json"]);
            Assert.True(stopped.Code == 1, stopped.Output + stopped.Error);
            randy = Machine(Json(stopped.Output), "randy");
            Assert.Equal("failed", randy.GetProperty("outcome").GetString());
            Assert.Contains("backup command 'test ! -e /root/fail-backup' of role health-probe exited 1", randy.GetProperty("detail").GetString());
            Assert.Contains("not activated", randy.GetProperty("detail").GetString());
            Assert.Equal($"generations/{randyOne}", Current("randy"));
            Assert.Equal(good, lab.Sha256("randy", "/etc/elenta-health/state"));
        }
        finally
        {
            lab.Lab.Capture("randy", ["sh", "-c", $"kill {http.Output.Trim()}; rm -f /root/fail-backup; nft delete rule inet elenta input handle $(nft -a list chain inet elenta input | sed -n 's/.*dport 80 accept # handle //p')"]);
        }
    }

    [Fact]
    public void AGenerationThatClosesNewSshConnectionsIsUndoneByTheMachineUnlessANewDeploymentHoldsIt()
    {
        const string Dragon = "dragon-of-perdition";
        fixture.Gate(open: true);
        var first = lab.Run(["switch", DeployLab.Site, "--on", Dragon, "--format", "json"]);
        Assert.True(first.Code == 0, first.Output + first.Error);
        var good = Current(Dragon);
        try
        {
            // Its after command closes the machine to new ssh connections; the master connection stays open.
            fixture.Gate(open: false);
            var bad = ClosedDeploy();

            // The machine undoes it by itself (the gate's script back, so it opens again), holding the lock meanwhile, then frees it.
            var clock = Stopwatch.StartNew();
            while (Current(Dragon) != good && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(250);
            }

            Assert.Equal(good, Current(Dragon));
            Assert.Contains($"not confirmed within 10 s: undoing generation {bad}", Cat(Dragon, "/var/lib/elenta/canary.log"));
            Assert.DoesNotContain("elenta-test-ssh-gate", lab.Lab.Capture(Dragon, ["nft", "list", "chain", "inet", "elenta", "input"]).Output);
            WaitForNoLock();
            var plan = lab.Run(["plan", DeployLab.Site, "--on", Dragon, "--exit-code"]);
            Assert.True(plan.Code == 2, plan.Output + plan.Error);

            // The same, but someone else takes the machine's lock before its window ends (a new
            // deployment): the watcher leaves the generation to them instead of undoing it under them.
            var again = ClosedDeploy();
            var taken = lab.Lab.Capture(Dragon, ["sh", "-c", "mkdir /var/lib/elenta/lock && echo someone-else > /var/lib/elenta/lock/holder"]);
            Assert.True(taken.Code == 0, "the watcher took the lock before the test could: " + taken.Error);
            clock.Restart();
            while (!Cat(Dragon, "/var/lib/elenta/canary.log").Contains($"generation {again} left to it", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(250);
            }

            Assert.Contains($"not confirmed within 10 s, but someone-else holds the machine now: generation {again} left to it", Cat(Dragon, "/var/lib/elenta/canary.log"));
            Assert.Equal($"generations/{again}", Current(Dragon));
            Assert.Equal("someone-else\n", Cat(Dragon, "/var/lib/elenta/lock/holder"));
        }
        finally
        {
            lab.Lab.Capture(Dragon, ["sh", "-c", DeployHealthLab.OpenGate + "rm -rf /var/lib/elenta/lock"]);
            fixture.Gate(open: true);
        }

        int ClosedDeploy()
        {
            var closed = lab.Run(["deploy", DeployLab.Site, "--on", Dragon, "--confirm-timeout", "10", "--format", "json"]);
            Assert.True(closed.Code == 1, closed.Output + closed.Error);
            var outcome = Machine(Json(closed.Output), Dragon);
            Assert.Contains("could not confirm it through a new ssh connection within 10 s", outcome.GetProperty("detail").GetString());
            return outcome.GetProperty("generation").GetInt32();
        }

        void WaitForNoLock()
        {
            var clock = Stopwatch.StartNew();
            while (lab.Lab.Capture(Dragon, ["test", "-d", "/var/lib/elenta/lock"]).Code == 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(250);
            }

            Assert.NotEqual(0, lab.Lab.Capture(Dragon, ["test", "-d", "/var/lib/elenta/lock"]).Code);
        }
    }

    [Fact]
    public async Task AMachineCutOffAfterActivationGoesBackByItselfAndTheOthersAreDone()
    {
        // archimedes' slow role waits, in its after command, for /tmp/elenta-test-go: its activation is
        // held there while the test cuts its link. toto changes too, and is not cut.
        lab.Lab.Capture("archimedes", ["touch", "/tmp/elenta-test-go"]);
        var before = lab.Run(["switch", DeployLab.Site, "--on", "archimedes", "--format", "json"]);
        Assert.True(before.Code == 0, before.Output + before.Error);
        var old = Current("archimedes");
        var oldSlow = lab.Sha256("archimedes", "/etc/slow.conf");

        var change = Guid.NewGuid().ToString("N");
        File.WriteAllText(Path.Combine(lab.SiteOnHost, "templates", "slow.liquid"), $"slow {{{{ name }}}}, changed {change}\n");
        File.WriteAllText(Path.Combine(lab.SiteOnHost, "templates", "health-first.liquid"), $"first {{{{ name }}}}, changed {change}\n");
        lab.Lab.Capture("archimedes", ["rm", "-f", "/tmp/elenta-test-go"]);
        var clock = Stopwatch.StartNew();
        using var deploy = lab.Start(["switch", DeployLab.Site, "--on", "archimedes,toto", "--confirm-timeout", "10", "--format", "json"]);
        var output = deploy.StandardOutput.ReadToEndAsync();
        var error = deploy.StandardError.ReadToEndAsync();
        try
        {
            // The new slow.conf is installed and its after command waits: cut archimedes' link, then let the activation finish.
            while (!Cat("archimedes", "/etc/slow.conf").Contains(change, StringComparison.Ordinal))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(90) || deploy.HasExited)
                {
                    Assert.Fail("archimedes' activation never started: " + await output + await error);
                }

                await Task.Delay(100);
            }

            lab.Lab.LinkDown("archimedes");
            lab.Lab.Capture("archimedes", ["touch", "/tmp/elenta-test-go"]);

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await deploy.WaitForExitAsync(timeout.Token);
            var text = await output;
            Assert.True(deploy.ExitCode == 1, text + await error);
            var json = Json(text);
            Assert.Equal(["archimedes"], json.GetProperty("failed").EnumerateArray().Select(e => e.GetString()));
            var archimedes = Machine(json, "archimedes").GetProperty("detail").GetString();
            Assert.Contains("goes back to generation", archimedes);
            Assert.StartsWith("activated generation", Machine(json, "toto").GetProperty("outcome").GetString());
            Assert.Contains(change, Cat("toto", "/etc/elenta-health/first"));

            // Nobody confirmed: archimedes undoes the generation by itself, byte for byte, and frees the deployer's lock.
            while (Current("archimedes") != old && clock.Elapsed < TimeSpan.FromSeconds(180))
            {
                await Task.Delay(250);
            }

            Assert.Equal(old, Current("archimedes"));
            Assert.Equal(oldSlow, lab.Sha256("archimedes", "/etc/slow.conf"));
            Assert.Contains("not confirmed within 10 s", Cat("archimedes", "/var/lib/elenta/canary.log"));
            Assert.NotEqual(0, lab.Lab.Capture("archimedes", ["test", "-d", "/var/lib/elenta/lock"]).Code);
        }
        finally
        {
            lab.Lab.LinkUp("archimedes");
            lab.Lab.Capture("archimedes", ["touch", "/tmp/elenta-test-go"]);
            if (!deploy.HasExited)
            {
                deploy.Kill(entireProcessTree: true);
            }
        }

        // Back on the network, plan says it is behind again: the operator can deploy when ready.
        var plan = lab.Run(["plan", DeployLab.Site, "--on", "archimedes", "--exit-code"]);
        Assert.True(plan.Code == 2, plan.Output + plan.Error);
        Console.WriteLine($"cut-link deploy: {clock.Elapsed.TotalSeconds:F1} s");
    }
}
