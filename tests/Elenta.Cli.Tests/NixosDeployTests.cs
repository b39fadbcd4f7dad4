using System.Text.Json;
using Elenta.Cli.Tests.Support;
using Elenta.Sim;

namespace Elenta.Cli.Tests;

/// <summary>
/// The nixos driver for real, on a lab of emerald-city (its own <see cref="DeployLab"/>), from the
/// operator's laptop hedges: each machine has a private /nix; hedges builds small real systems from
/// a test flake (Nixos/test-flake.nix: no nixpkgs) with nix build, copies their closures with
/// nix copy over ssh (strict host keys, the lab's known_hosts), sets the system profile and runs the
/// system's switch-to-configuration, which records on the machine what it was asked.
/// </summary>
[Collection(HostNetwork.Name)]
public sealed class NixosDeployTests(DeployLab lab) : IClassFixture<DeployLab>
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static JsonElement Machine(JsonElement root, string name) =>
        root.GetProperty("machines").EnumerateArray().Single(m => m.GetProperty("machine").GetString() == name);

    private string On(string machine, params string[] command)
    {
        var r = lab.Lab.Capture(machine, command);
        return r.Output.Trim();
    }

    private string[] Switches(string machine) =>
        lab.Lab.Capture(machine, ["cat", "/var/lib/elenta-test/switch-to-configuration.log"]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private string Commit(string message) => NixosSite.Commit(lab, message);

    [Fact]
    public void PlanSwitchDeployBootRollbackAndAFailedActivation()
    {
        var first = Commit("the site with the test flake");

        // plan: ifrit and btg run no system of their profile yet; the site builds one for each, at this revision.
        var fresh = lab.Run(["plan", DeployLab.Site, "--on", "ifrit,btg", "--exit-code", "--format", "json"]);
        Assert.True(fresh.Code == 2, fresh.Output + fresh.Error);
        var ifritPlan = Machine(Json(fresh.Output), "ifrit");
        Assert.Equal("new", ifritPlan.GetProperty("status").GetString());
        var system1 = ifritPlan.GetProperty("desiredContentHash").GetString()!;
        Assert.Matches("^/nix/store/[0-9a-z]{32}-nixos-system-ifrit$", system1);
        Assert.Contains($"the site builds {system1} (revision {first})", ifritPlan.GetProperty("detail").GetString());

        // switch: built in hedges, copied by nix copy into each machine's own store, profile generation 1, switch-to-configuration switch.
        var switched = lab.Run(["switch", DeployLab.Site, "--on", "ifrit,btg", "--format", "json"]);
        Assert.True(switched.Code == 0, switched.Output + switched.Error);
        Assert.Equal("activated generation 1", Machine(Json(switched.Output), "ifrit").GetProperty("outcome").GetString());
        Assert.Equal(system1, On("ifrit", "readlink", "/run/current-system"));
        Assert.Equal("system-1-link", On("ifrit", "readlink", "/nix/var/nix/profiles/system"));
        Assert.Equal(system1, On("ifrit", "readlink", "-f", "/nix/var/nix/profiles/system"));
        Assert.Equal(first, On("ifrit", "cat", "/run/current-system/elenta-revision"));
        Assert.Equal([$"switch {system1}"], Switches("ifrit"));
        Assert.Equal(system1, On("ifrit", "readlink", "/var/lib/elenta-test/bootloader-default"));
        Assert.Matches("^/nix/store/[0-9a-z]{32}-nixos-system-btg$", On("btg", "readlink", "/run/current-system"));
        // ifrit's system is in ifrit's store only: the host's /nix and btg's do not have it.
        Assert.False(Directory.Exists(system1));
        Assert.NotEqual(0, lab.Lab.Capture("btg", ["test", "-e", system1]).Code);

        var upToDate = lab.Run(["plan", DeployLab.Site, "--on", "ifrit,btg", "--exit-code"]);
        Assert.True(upToDate.Code == 0, upToDate.Output + upToDate.Error);
        Assert.Matches(@"ifrit +up-to-date", upToDate.Output);

        // The site changes what ifrit's view says (a tag): behind, at the new revision, with both systems named.
        File.WriteAllText(Path.Combine(lab.SiteOnHost, "nixos-test.yaml"), "cadaster:\n  compute:\n    ifrit: { tags: [nixos-test] }\n");
        var second = Commit("ifrit gets a tag");
        var behind = lab.Run(["plan", DeployLab.Site, "--on", "ifrit,btg", "--exit-code", "--format", "json"]);
        Assert.True(behind.Code == 2, behind.Output + behind.Error);
        var ifritBehind = Machine(Json(behind.Output), "ifrit");
        Assert.Equal("behind", ifritBehind.GetProperty("status").GetString());
        Assert.Equal(system1, ifritBehind.GetProperty("contentHash").GetString());
        Assert.Equal(first, ifritBehind.GetProperty("revision").GetString());
        var system2 = ifritBehind.GetProperty("desiredContentHash").GetString()!;
        Assert.NotEqual(system1, system2);
        Assert.Contains($"generation 1 runs {system1} (revision {first}); the site builds {system2} (revision {second})", ifritBehind.GetProperty("detail").GetString());

        // deploy = nixos-rebuild test: runs generation 2 now; the profile (what boots) stays on generation 1.
        var deploy = lab.Run(["deploy", DeployLab.Site, "--on", "ifrit"]);
        Assert.True(deploy.Code == 0, deploy.Output + deploy.Error);
        Assert.Matches(@"ifrit +activated generation 2", deploy.Output);
        Assert.Equal(system2, On("ifrit", "readlink", "/run/current-system"));
        Assert.Equal("system-1-link", On("ifrit", "readlink", "/nix/var/nix/profiles/system"));
        Assert.Equal($"test {system2}", Switches("ifrit")[^1]);
        Assert.Equal(system1, On("ifrit", "readlink", "/var/lib/elenta-test/bootloader-default"));
        var afterDeploy = lab.Run(["plan", DeployLab.Site, "--on", "ifrit", "--exit-code"]);
        Assert.True(afterDeploy.Code == 0, afterDeploy.Output + afterDeploy.Error);
        Assert.Contains("boot default is generation 1", afterDeploy.Output);

        // switch on a machine that runs the site's system: only the boot default moves.
        var boot = lab.Run(["switch", DeployLab.Site, "--on", "ifrit"]);
        Assert.True(boot.Code == 0, boot.Output + boot.Error);
        Assert.Matches(@"ifrit +boot generation 2", boot.Output);
        Assert.Equal("system-2-link", On("ifrit", "readlink", "/nix/var/nix/profiles/system"));
        Assert.Equal($"boot {system2}", Switches("ifrit")[^1]);

        // rollback: generation 1 again, now and at boot, through the profile.
        var rollback = lab.Run(["rollback", DeployLab.Site, "--on", "ifrit"]);
        Assert.True(rollback.Code == 0, rollback.Output + rollback.Error);
        Assert.Matches(@"ifrit +rolled back to generation 1", rollback.Output);
        Assert.Equal(system1, On("ifrit", "readlink", "/run/current-system"));
        Assert.Equal("system-1-link", On("ifrit", "readlink", "/nix/var/nix/profiles/system"));
        Assert.Equal($"switch {system1}", Switches("ifrit")[^1]);
        Assert.Equal(2, lab.Run(["plan", DeployLab.Site, "--on", "ifrit", "--exit-code"]).Code);

        // --config, the journal's one-off (`deploy --config '.#machine-role' --canon machine.canon`): ifrit runs
        // btg's configuration now, and plan then holds that against ifrit's own. One machine only, and a NixOS one.
        var oneOff = lab.Run(["deploy", DeployLab.Site, "--canon", "ifrit", "--no-dns", "--config", ".#btg"]);
        Assert.True(oneOff.Code == 0, oneOff.Output + oneOff.Error);
        Assert.Matches(@"ifrit +activated generation \d+", oneOff.Output);
        Assert.Contains("nixos-system-btg", On("ifrit", "readlink", "/run/current-system"));
        Assert.StartsWith("test ", Switches("ifrit")[^1]);
        Assert.Contains("nixos-system-btg", Switches("ifrit")[^1]);
        Assert.Equal(2, lab.Run(["plan", DeployLab.Site, "--on", "ifrit", "--exit-code"]).Code);
        var two = lab.Run(["deploy", DeployLab.Site, "--on", "ifrit,btg", "--config", ".#btg"]);
        Assert.Equal(1, two.Code);
        Assert.Contains("--config .#btg builds one machine's system, but 2 machines are targeted", two.Error);
        var files = lab.Run(["deploy", DeployLab.Site, "--on", "randy", "--config", ".#randy"]);
        Assert.Equal(1, files.Code);
        Assert.Contains("randy uses the 'files' driver", files.Error);
        Assert.Contains("not a flake configuration", lab.Run(["plan", DeployLab.Site, "--on", "ifrit", "--config", "btg"]).Error);

        // A system whose activation fails: btg stays on what it ran and booted, and the deploy says so.
        var btgBefore = On("btg", "readlink", "/run/current-system");
        File.WriteAllText(Path.Combine(lab.SiteOnHost, "broken-activation"), "every system's switch-to-configuration fails\n");
        Commit("broken activation");
        var failed = lab.Run(["switch", DeployLab.Site, "--on", "btg", "--format", "json"]);
        Assert.True(failed.Code == 1, failed.Output + failed.Error);
        var btg = Machine(Json(failed.Output), "btg");
        Assert.Equal("failed", btg.GetProperty("outcome").GetString());
        Assert.Contains("switch-to-configuration of generation 2 failed on btg", btg.GetProperty("detail").GetString());
        Assert.Contains("activation failed: the site says broken-activation", btg.GetProperty("detail").GetString());
        Assert.Equal(btgBefore, On("btg", "readlink", "/run/current-system"));
        Assert.Equal("system-1-link", On("btg", "readlink", "/nix/var/nix/profiles/system"));
        Assert.Equal(btgBefore, On("btg", "readlink", "/var/lib/elenta-test/bootloader-default"));

        // A configuration the flake does not have: plan says nix's reason; deploy fails that machine (exit 1).
        File.WriteAllText(Path.Combine(lab.SiteOnHost, "nixos-missing.yaml"), "roles:\n  media-server:\n    config:\n      nixos: { flake: !force \".#nowhere\" }\n");
        Commit("barge's role names a configuration the flake does not have");
        var missing = lab.Run(["plan", DeployLab.Site, "--on", "barge", "--format", "json"]);
        var bargePlan = Machine(Json(missing.Output), "barge");
        Assert.Equal("unsupported", bargePlan.GetProperty("status").GetString());
        Assert.Contains("nix build of .#nowhere failed", bargePlan.GetProperty("detail").GetString());
        Assert.Contains("nowhere", bargePlan.GetProperty("detail").GetString()![30..]);
        var notBuilt = lab.Run(["deploy", DeployLab.Site, "--on", "barge", "--format", "json"]);
        Assert.True(notBuilt.Code == 1, notBuilt.Output + notBuilt.Error);
        Assert.Equal("failed", Machine(Json(notBuilt.Output), "barge").GetProperty("outcome").GetString());

        // The journal has ifrit's story.
        var history = lab.Run(["history", "ifrit", "--site", DeployLab.Site, "--format", "json"], trust: false);
        var lines = Json(history.Output).EnumerateArray().Select(e => e.GetProperty("command").GetString() + " " + e.GetProperty("outcome").GetString()).ToList();
        Assert.Equal(["plan new", "switch activated generation 1", "plan up-to-date", "plan behind", "deploy activated generation 2", "plan up-to-date", "switch boot generation 2", "rollback rolled back to generation 1", "plan behind", "deploy activated generation 3", "plan behind"], lines);
    }

    [Fact]
    public void ANetbootClientFetchesTheNewImageFromTheStoresServer()
    {
        Commit("the site with the test flake (netboot)");
        // The store lives on toto (/srv/netboot, served by nginx at http://toto.canon:8080/netboot);
        // build-image writes into it here, through toto's private /srv.
        var store = Path.Combine(lab.Lab.MachineDirectory("toto"), "srv", "netboot");
        Assert.True(File.Exists(Path.Combine(store, "index.json")), "sim up placed the store's index on toto");
        // Run from a directory of its own: nix keeps its cache under HOME, which must not be the site (git would call it dirty).
        var home = Directory.CreateTempSubdirectory("elenta-nixos-home-").FullName;
        var built = BuildImageTests.WithPrivateNix(home, "build-image", lab.SiteOnHost, "--config", ".#randy", "--mac", "02:e1:00:00:00:70", "--store", store);
        Directory.Delete(home, recursive: true);
        Assert.True(built.Code == 0, built.Output + built.Error);
        var id = Path.GetFileName(new FileInfo(Path.Combine(store, "02-e1-00-00-00-70", "current")).LinkTarget)!;

        // randy, as its firmware's iPXE would: boot.ipxe by its MAC from the store's server, then what it names.
        string Fetch(string url)
        {
            var r = lab.Lab.Capture("randy", ["python3", "-c", "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())", url]);
            Assert.True(r.Code == 0, $"{url}: {r.Error}");
            return r.Output;
        }

        var boot = Fetch("http://toto.canon:8080/netboot/02-e1-00-00-00-70/boot.ipxe");
        var image = System.Text.RegularExpressions.Regex.Match(boot, @"set elenta-image (\S+)\n").Groups[1].Value;
        Assert.Equal($"http://toto.canon:8080/netboot/02-e1-00-00-00-70/images/{id}", image);
        Assert.StartsWith("#!ipxe\nkernel bzImage init=/nix/store/", Fetch(image + "/netboot.ipxe"));
        Assert.Equal("elenta test kernel\n", Fetch(image + "/bzImage"));
        Assert.Contains("\"name\": \"randy\"", Fetch(image + "/initrd"));
        // The generic script a deploy of toto would put back boots the same image, through current.
        Assert.Equal(Fetch(image + "/initrd"), Fetch("http://toto.canon:8080/netboot/02-e1-00-00-00-70/initrd"));

        // From hedges, by canon name through the lab's DNS, into a copy of the store: the same site builds the same image.
        var copy = Path.Combine(lab.Lab.MachineDirectory("hedges"), "root", "netboot-store");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(store, "index.json"), Path.Combine(copy, "index.json"), overwrite: true);
        var byName = lab.Run(["build-image", DeployLab.Site, "--config", ".#randy", "--canon", "randy.canon", "--store", "/root/netboot-store"], trust: false);
        Assert.True(byName.Code == 0, byName.Output + byName.Error);
        Assert.Equal($"images/{id}", new FileInfo(Path.Combine(copy, "02-e1-00-00-00-70", "current")).LinkTarget);
    }
}
