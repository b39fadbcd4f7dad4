using System.Diagnostics;
using System.Text.Json;
using Elenta.Sim;

namespace Elenta.Cli.Tests;

/// <summary>
/// Automatic rollback on NixOS machines, for real, on a lab of its own (<see cref="DeployLab"/>, the
/// test flake as in <see cref="NixosDeployTests"/>): a failed health check puts back the system that
/// ran and the profile generation that booted; a confirmed activation stays; a machine cut off in the
/// middle of its activation goes back to its old system by itself.
/// </summary>
[Collection(HostNetwork.Name)]
public sealed class NixosGuardTests : IClassFixture<DeployLab>
{
    private readonly DeployLab lab;

    public NixosGuardTests(DeployLab lab)
    {
        this.lab = lab;
        // ifrit's role checks, after activation, that the system it runs is not marked unhealthy (a tag of the machine, in its view).
        File.WriteAllText(Path.Combine(lab.SiteOnHost, "nixos-guard.yaml"), """
            roles:
              nixos-health:
                description: A health check of the system a NixOS machine runs (the NixOS rollback tests).
                health:
                  - { command: "! grep -q unhealthy /run/current-system/etc/elenta/view.json", interval: 1s, timeout: 3s }
            constellations:
              emerald-city:
                machines:
                  ifrit:
                    hostConfig:
                      nixos-health: { role: nixos-health }
            """);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static JsonElement Machine(JsonElement root, string name) =>
        root.GetProperty("machines").EnumerateArray().Single(m => m.GetProperty("machine").GetString() == name);

    private string On(string machine, params string[] command) => lab.Lab.Capture(machine, command).Output.Trim();

    private string HostPath(string pathInHedges) => pathInHedges.Replace("/root/", Path.Combine(lab.Lab.MachineDirectory("hedges"), "root") + "/", StringComparison.Ordinal);

    [Fact]
    public void AFailedHealthCheckPutsTheOldSystemBackAndAConfirmedOneStays()
    {
        NixosSite.Commit(lab, "the site with the test flake and ifrit's health check");

        // A healthy switch, with a 5 s window: confirmed over a new connection, and still running after the window.
        var first = lab.Run(["switch", DeployLab.Site, "--on", "ifrit", "--confirm-timeout", "5", "--format", "json"]);
        Assert.True(first.Code == 0, first.Output + first.Error);
        var ifrit = Machine(Json(first.Output), "ifrit");
        Assert.Equal("activated generation 1", ifrit.GetProperty("outcome").GetString());
        var log = File.ReadAllText(HostPath(ifrit.GetProperty("log").GetString()!));
        Assert.Contains("armed 1 5", log);
        Assert.Contains("confirmed generation 1 over a new connection", log);
        Assert.Contains("health command '! grep -q unhealthy /run/current-system/etc/elenta/view.json' (role nixos-health): passed", log);
        var system1 = On("ifrit", "readlink", "/run/current-system");
        Thread.Sleep(TimeSpan.FromSeconds(7));
        Assert.Equal(system1, On("ifrit", "readlink", "/run/current-system"));
        Assert.Equal("system-1-link", On("ifrit", "readlink", "/nix/var/nix/profiles/system"));
        Assert.Equal([$"switch {system1}"], NixosSite.Switches(lab, "ifrit"));
        Assert.Equal(".confirmed", On("ifrit", "ls", "-A", "/var/lib/elenta/canaries")); // the confirmation, kept to answer one sent again
        Assert.NotEqual(0, lab.Lab.Capture("ifrit", ["test", "-e", "/var/lib/elenta/canary.log"]).Code);

        // switch to a system whose health check fails: the profile goes back to generation 1, whose
        // switch-to-configuration switch runs again; the outcome and the journal say "rolled back".
        File.WriteAllText(Path.Combine(lab.SiteOnHost, "nixos-unhealthy.yaml"), "cadaster:\n  compute:\n    ifrit: { tags: [unhealthy] }\n");
        NixosSite.Commit(lab, "ifrit's system is unhealthy");
        var failed = lab.Run(["switch", DeployLab.Site, "--on", "ifrit", "--format", "json"]);
        Assert.True(failed.Code == 1, failed.Output + failed.Error);
        ifrit = Machine(Json(failed.Output), "ifrit");
        Assert.Equal("rolled back", ifrit.GetProperty("outcome").GetString());
        var detail = ifrit.GetProperty("detail").GetString()!;
        Assert.Contains("health check command '! grep -q unhealthy /run/current-system/etc/elenta/view.json' of role nixos-health did not pass within 3 s", detail);
        Assert.Contains("generation 2 undone: generation 1 runs again", detail);
        var switches = NixosSite.Switches(lab, "ifrit");
        var system2 = switches[^2]["switch ".Length..];
        Assert.NotEqual(system1, system2);
        Assert.Equal([$"switch {system1}", $"switch {system2}", $"switch {system1}"], switches);
        Assert.Equal(system1, On("ifrit", "readlink", "/run/current-system"));
        Assert.Equal("system-1-link", On("ifrit", "readlink", "/nix/var/nix/profiles/system"));
        Assert.Equal(system1, On("ifrit", "readlink", "/var/lib/elenta-test/bootloader-default"));

        // The undone generation stays in the profile, but plan and rollback no longer offer it.
        var plan = Machine(Json(lab.Run(["plan", DeployLab.Site, "--on", "ifrit", "--format", "json"]).Output), "ifrit");
        Assert.Equal("behind", plan.GetProperty("status").GetString());
        Assert.Equal(1, plan.GetProperty("generation").GetInt32());
        Assert.Equal(system2, plan.GetProperty("desiredContentHash").GetString());
        Assert.Equal(system2, On("ifrit", "readlink", "-f", "/nix/var/nix/profiles/system-2-link"));

        // deploy (test) of the same: nix-env --set gives it generation 2 again (the profile's newest is that
        // system); the profile never moves, so only the old system's test runs again.
        var tested = lab.Run(["deploy", DeployLab.Site, "--on", "ifrit", "--format", "json"]);
        Assert.True(tested.Code == 1, tested.Output + tested.Error);
        ifrit = Machine(Json(tested.Output), "ifrit");
        Assert.Equal("rolled back", ifrit.GetProperty("outcome").GetString());
        Assert.True(ifrit.GetProperty("detail").GetString()!.EndsWith("generation 2 undone: generation 1 runs again", StringComparison.Ordinal), ifrit.GetProperty("detail").GetString());
        Assert.Equal([$"test {system2}", $"test {system1}"], NixosSite.Switches(lab, "ifrit")[^2..]);
        Assert.Equal(system1, On("ifrit", "readlink", "/run/current-system"));
        Assert.Equal("system-1-link", On("ifrit", "readlink", "/nix/var/nix/profiles/system"));

        // --no-rollback: the failed check leaves the new system running.
        var kept = lab.Run(["deploy", DeployLab.Site, "--on", "ifrit", "--no-rollback", "--format", "json"]);
        Assert.True(kept.Code == 1, kept.Output + kept.Error);
        Assert.Equal("failed", Machine(Json(kept.Output), "ifrit").GetProperty("outcome").GetString());
        Assert.Equal(system2, On("ifrit", "readlink", "/run/current-system"));
        var again = Machine(Json(lab.Run(["plan", DeployLab.Site, "--on", "ifrit", "--format", "json"]).Output), "ifrit");
        Assert.Equal(("up-to-date", 2), (again.GetProperty("status").GetString(), again.GetProperty("generation").GetInt32()));

        var history = lab.Run(["history", "ifrit", "--site", DeployLab.Site, "--format", "json"], trust: false);
        var lines = Json(history.Output).EnumerateArray().Select(e => e.GetProperty("command").GetString() + " " + e.GetProperty("outcome").GetString()).ToList();
        // (The other tests of this class, when they ran first, planned ifrit too: its story here is the end of its history.)
        Assert.Equal(["switch activated generation 1", "switch rolled back", "plan behind", "deploy rolled back", "deploy failed", "plan up-to-date"], lines[^6..]);

        // Generation 2, running, activated again and never confirmed (a deploy of a machine already
        // on it, cut off): its watcher has no other system to go back to, and leaves it offered.
        // A confirmation in another deployer's name claims nothing: the canary stays for the watcher.
        var activated = lab.Lab.Capture("ifrit", Nixos("activate", "2", "test", "4", "tester"));
        Assert.True(activated.Code == 0, activated.Output);
        var token = On("ifrit", "cat", "/var/lib/elenta/canaries/2");
        var other = lab.Lab.Capture("ifrit", Nixos("confirm", "2", "alice@ops pid 7 since 2026-01-01T09:00:00Z"));
        Assert.Equal((1, "generation 2 was armed again by tester: not confirmed"), (other.Code, other.Output.Trim()));
        Assert.Equal(token, On("ifrit", "cat", "/var/lib/elenta/canaries/2"));
        var waited = Stopwatch.StartNew();
        while (!On("ifrit", "cat", "/var/lib/elenta/canary.log").Contains("keeps running", StringComparison.Ordinal) && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(200);
        }

        Assert.Contains("generation 2 ran before it was activated again: it keeps running", On("ifrit", "cat", "/var/lib/elenta/canary.log"));
        Assert.Equal(system2, On("ifrit", "readlink", "/run/current-system"));
        Assert.Equal($"test {system2}", NixosSite.Switches(lab, "ifrit")[^1]);
        Assert.NotEqual(0, lab.Lab.Capture("ifrit", ["test", "-e", "/var/lib/elenta/nixos-undone/2"]).Code);
        Assert.Contains("generation=2 ", lab.Lab.Capture("ifrit", Nixos("probe")).Output);
        Assert.NotEqual(0, lab.Lab.Capture("ifrit", ["test", "-d", "/var/lib/elenta/lock"]).Code);

        // Armed again since by bob: the tester's late confirmation neither claims bob's canary nor,
        // once bob has confirmed, counts as confirmed; bob's own, sent again, still does.
        const string bob = "bob@ops pid 42 since 2026-01-01T10:00:00Z";
        Assert.Equal(0, lab.Lab.Capture("ifrit", Nixos("activate", "2", "test", "30", bob)).Code);
        (int, string) Asked(params string[] args)
        {
            var r = lab.Lab.Capture("ifrit", Nixos(args));
            return (r.Code, r.Output.Trim());
        }

        var refused = (1, $"generation 2 was armed again by {bob}: not confirmed");
        Assert.Equal(refused, Asked("confirm", "2", "tester"));
        Assert.Equal(0, lab.Lab.Capture("ifrit", ["test", "-e", "/var/lib/elenta/canaries/2"]).Code);
        Assert.Equal(refused, Asked("confirmed", "2", "tester"));
        Assert.Equal((0, "confirmed 2"), Asked("confirm", "2", bob));
        Assert.Equal(refused, Asked("confirm", "2", "tester"));
        Assert.Equal(refused, Asked("confirmed", "2", "tester"));
        Assert.Equal((0, "confirmed 2"), Asked("confirmed", "2", bob));
        Assert.Equal((0, "confirmed 2"), Asked("confirm", "2", bob));
        Assert.Equal(".confirmed", On("ifrit", "ls", "-A", "/var/lib/elenta/canaries"));
    }

    private static string[] Nixos(params string[] args) => ["sh", "-c", Elenta.Deploy.Drivers.NixosDriver.Script, "elenta-nixos", .. args];

    [Fact]
    public async Task AMachineCutOffDuringItsActivationGoesBackToItsOldSystemByItself()
    {
        lab.Lab.Capture("btg", ["touch", "/tmp/elenta-test-go"]);
        NixosSite.Commit(lab, "the site with the test flake (btg)");
        var before = lab.Run(["switch", DeployLab.Site, "--on", "btg", "--format", "json"]);
        Assert.True(before.Code == 0, before.Output + before.Error);
        var old = On("btg", "readlink", "/run/current-system");
        var oldProfile = On("btg", "readlink", "/nix/var/nix/profiles/system");

        // Every system's activation now waits, once recorded, for /tmp/elenta-test-go on its machine.
        File.WriteAllText(Path.Combine(lab.SiteOnHost, "slow-activation"), "switch-to-configuration waits for /tmp/elenta-test-go\n");
        File.WriteAllText(Path.Combine(lab.SiteOnHost, "nixos-btg.yaml"), $"cadaster:\n  compute:\n    btg: {{ tags: [cut-{Guid.NewGuid():N}] }}\n");
        NixosSite.Commit(lab, "btg's activation is slow");
        lab.Lab.Capture("btg", ["rm", "-f", "/tmp/elenta-test-go"]);
        var clock = Stopwatch.StartNew();
        using var deploy = lab.Start(["switch", DeployLab.Site, "--on", "btg", "--confirm-timeout", "10", "--format", "json"]);
        var output = deploy.StandardOutput.ReadToEndAsync();
        var error = deploy.StandardError.ReadToEndAsync();
        try
        {
            // The new system's switch-to-configuration has started and waits: cut btg's links, then let it finish.
            while (NixosSite.Switches(lab, "btg") is var s && (s.Length == 0 || s[^1] == $"switch {old}"))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(300) || deploy.HasExited)
                {
                    Assert.Fail("btg's activation never started: " + await output + await error);
                }

                await Task.Delay(200);
            }

            var fresh = NixosSite.Switches(lab, "btg")[^1]["switch ".Length..];
            Assert.NotEqual(old, fresh);
            lab.Lab.LinkDown("btg");
            lab.Lab.Capture("btg", ["touch", "/tmp/elenta-test-go"]);

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await deploy.WaitForExitAsync(timeout.Token);
            var text = await output;
            Assert.True(deploy.ExitCode == 1, text + await error);
            Assert.Contains("goes back to generation", Machine(Json(text), "btg").GetProperty("detail").GetString());

            // Nobody confirmed: btg re-activates its old system and profile by itself, and frees the deployer's lock.
            while (On("btg", "readlink", "/run/current-system") != old && clock.Elapsed < TimeSpan.FromSeconds(400))
            {
                await Task.Delay(250);
            }

            Assert.Equal(old, On("btg", "readlink", "/run/current-system"));
            Assert.Equal(oldProfile, On("btg", "readlink", "/nix/var/nix/profiles/system"));
            Assert.Equal([$"switch {fresh}", $"switch {old}"], NixosSite.Switches(lab, "btg")[^2..]);
            Assert.Contains("not confirmed within 10 s", On("btg", "cat", "/var/lib/elenta/canary.log"));
            Assert.NotEqual(0, lab.Lab.Capture("btg", ["test", "-d", "/var/lib/elenta/lock"]).Code);
        }
        finally
        {
            lab.Lab.LinkUp("btg");
            lab.Lab.Capture("btg", ["touch", "/tmp/elenta-test-go"]);
            if (!deploy.HasExited)
            {
                deploy.Kill(entireProcessTree: true);
            }

            File.Delete(Path.Combine(lab.SiteOnHost, "slow-activation"));
            NixosSite.Commit(lab, "btg's activation is quick again");
        }

        // Back on the network, plan says btg is behind: the operator deploys when ready.
        var plan = lab.Run(["plan", DeployLab.Site, "--on", "btg", "--exit-code"]);
        Assert.True(plan.Code == 2, plan.Output + plan.Error);
    }

    [Fact]
    public void BuildHostBuildsTheSystemThereAndTheMachineGetsItFromThere()
    {
        NixosSite.Commit(lab, "the site with the test flake (build host)");

        // Refused: a machine the site does not have; one whose host key the known_hosts given does not hold.
        var nowhere = lab.Run(["plan", DeployLab.Site, "--on", "btg", "--build-host", "nowhere"]);
        Assert.True(nowhere.Code == 1, nowhere.Output + nowhere.Error);
        Assert.Contains("--build-host nowhere: --on 'nowhere' matches no machine of the site", nowhere.Error);
        var keys = Path.Combine(lab.Lab.MachineDirectory("hedges"), "root", "known_hosts-without-ifrit");
        File.Copy(lab.KnownHosts, keys, overwrite: true);
        Assert.Equal(0, Shell.Exec("ssh-keygen", ["-R", "ifrit.canon", "-f", keys]).Code);
        var unknown = lab.Run(["plan", DeployLab.Site, "--on", "btg", "--build-host", "ifrit", "--known-hosts", "/root/known_hosts-without-ifrit", "--identity", lab.Identity], trust: false);
        Assert.True(unknown.Code == 1, unknown.Output + unknown.Error);
        Assert.Contains("--build-host ifrit: /root/known_hosts-without-ifrit holds no host key for ifrit.canon", unknown.Error);

        // plan builds btg's system on ifrit (its own private store), not in hedges.
        var plan = lab.Run(["plan", DeployLab.Site, "--on", "btg", "--build-host", "ifrit", "--format", "json"]);
        Assert.True(plan.Code == 0, plan.Output + plan.Error);
        var system = Machine(Json(plan.Output), "btg").GetProperty("desiredContentHash").GetString()!;
        Assert.Matches("^/nix/store/[0-9a-z]{32}-nixos-system-btg$", system);
        Assert.Equal(0, lab.Lab.Capture("ifrit", ["test", "-x", system + "/bin/switch-to-configuration"]).Code);
        Assert.NotEqual(0, lab.Lab.Capture("hedges", ["test", "-e", system]).Code);

        // switch, as a saved plan applied (which keeps the plan's build host): copied from ifrit's
        // store to btg's, through hedges but not into its store.
        var saved = lab.Run(["plan", DeployLab.Site, "--on", "btg", "--build-host", "ifrit", "--out", "/root/btg.plan"]);
        Assert.True(saved.Code == 0, saved.Output + saved.Error);
        Assert.Equal("ifrit", Json(File.ReadAllText(HostPath("/root/btg.plan"))).GetProperty("buildHost").GetString());
        var switched = lab.Run(["apply", "/root/btg.plan", "--format", "json"]);
        Assert.True(switched.Code == 0, switched.Output + switched.Error);
        var btg = Machine(Json(switched.Output), "btg");
        Assert.StartsWith("activated generation", btg.GetProperty("outcome").GetString());
        Assert.Contains($"nix copy {system} from the build host ifrit", File.ReadAllText(HostPath(btg.GetProperty("log").GetString()!)));
        Assert.Equal(system, On("btg", "readlink", "/run/current-system"));
        Assert.Equal($"switch {system}", NixosSite.Switches(lab, "btg")[^1]);
        Assert.NotEqual(0, lab.Lab.Capture("hedges", ["test", "-e", system]).Code);

        // The same system as a build in hedges: plan without --build-host finds btg up to date.
        var here = lab.Run(["plan", DeployLab.Site, "--on", "btg", "--exit-code"]);
        Assert.True(here.Code == 0, here.Output + here.Error);
        Assert.Matches(@"btg +up-to-date", here.Output);
    }

    [Fact]
    public void APlanOfSeveralMachinesBuildsTheirSystemsTogetherAsEachAlone()
    {
        NixosSite.Commit(lab, "the site with the test flake (several machines)");
        string[] machines = ["ifrit", "btg", "barge"];
        (string? Status, string? System, string? Detail) Line(JsonElement root, string machine)
        {
            var m = Machine(root, machine);
            return (m.GetProperty("status").GetString(), m.GetProperty("desiredContentHash").GetString(), m.GetProperty("detail").GetString());
        }

        JsonElement Plan(params string[] on)
        {
            var r = lab.Run(["plan", DeployLab.Site, "--on", string.Join(',', on), "--format", "json"]);
            Assert.True(r.Code == 0, r.Output + r.Error);
            return Json(r.Output);
        }

        // Three NixOS machines: one evaluation and one realisation for all (strace counts the nix commands
        // the plan starts); one machine alone: its own nix build. The same systems, the same lines.
        var together = Plan(machines);
        var traced = lab.Lab.Capture("hedges", ["sh", "-c", "strace -f -qq -e trace=execve -o /root/plan.trace env HOME=/root DOTNET_CLI_TELEMETRY_OPTOUT=1 dotnet /root/elenta-cli/elenta.dll plan "
            + $"{DeployLab.Site} --on {string.Join(',', machines)} --known-hosts {lab.KnownHosts} --identity {lab.Identity} >/dev/null; grep -E '^[0-9]+ +execve\\(\"/usr/bin/nix(-store)?\"' /root/plan.trace"]);
        var commands = traced.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(commands.Length == 2, traced.Output + traced.Error);
        Assert.Contains("\"nix\", \"--extra-experimental-features\", \"nix-command flakes\", \"eval\", \"--json\"", commands[0]);
        Assert.Contains("\"nix-store\", \"--realise\"", commands[1]);
        foreach (var machine in machines)
        {
            var alone = Line(Plan(machine), machine);
            Assert.Equal(alone, Line(together, machine));
            Assert.Matches($"^/nix/store/[0-9a-z]{{32}}-nixos-system-{machine}$", alone.System);
        }

        // A configuration the flake does not have fails the evaluation of all: each machine is then built alone,
        // barge gets nix's reason, the others their systems, as when planned alone.
        File.WriteAllText(Path.Combine(lab.SiteOnHost, "nixos-missing.yaml"), "roles:\n  media-server:\n    config:\n      nixos: { flake: !force \".#nowhere\" }\n");
        try
        {
            NixosSite.Commit(lab, "barge's role names a configuration the flake does not have");
            var withMissing = Plan(machines);
            Assert.Equal("unsupported", Line(withMissing, "barge").Status);
            Assert.Contains("nix build of .#nowhere failed", Line(withMissing, "barge").Detail);
            Assert.Equal(Line(Plan("ifrit"), "ifrit"), Line(withMissing, "ifrit"));
            Assert.Equal(Line(Plan("btg"), "btg"), Line(withMissing, "btg"));
        }
        finally
        {
            File.Delete(Path.Combine(lab.SiteOnHost, "nixos-missing.yaml"));
            NixosSite.Commit(lab, "barge's configuration is its own again");
        }
    }
}
