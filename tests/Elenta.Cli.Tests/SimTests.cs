using System.Diagnostics;
using Elenta.Cli.Tests.Support;
using Elenta.Sim;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>
/// `elenta sim` on examples/emerald-city, for real: namespaces, bridges, veths, mounts and processes
/// on this machine (the tests run as root, as CI does). Each test uses a lab name of its own and
/// takes its lab down in a finally, whatever happened.
/// </summary>
[Collection(HostNetwork.Name)]
public sealed class SimTests
{
    private static string Site => Path.Combine(CliRunner.RepoRoot, "examples", "emerald-city");

    private static string NewLab() => "t" + Guid.NewGuid().ToString("N")[..8];

    private static void Cleanup(string lab)
    {
        if (new Lab(lab).Exists)
        {
            new Lab(lab).Down();
        }
    }

    [Fact]
    public void UpWiresTheSiteAndDownRemovesExactlyWhatItMade()
    {
        var lab = NewLab();
        var before = HostSnapshot.Take();
        try
        {
            var up = CliRunner.InRepo("sim", "up", Site, "--lab", lab);
            Assert.True(up.ExitCode == 0, up.Err + up.Out);
            Assert.Contains($"lab {lab} is up: 14 machines, 2 networks", up.Out);

            var sim = new Lab(lab);
            var hostname = sim.Capture("toto", ["hostname"]);
            Assert.Equal("toto", hostname.Output.Trim());
            var addresses = sim.Capture("toto", ["ip", "-br", "-4", "addr", "show", "enp2s0"]).Output;
            Assert.Contains("10.255.0.10/16", addresses);
            Assert.Contains("10.255.0.53/16", addresses); // the alias's address, on its parent
            Assert.Contains("02:e1:00:00:00:10", sim.Capture("toto", ["cat", "/sys/class/net/enp2s0/address"]).Output);

            // Same network, and across ifrit (the gateway of both networks, which forwards what its
            // firewall lets through: DNS from home to the lab, not ping).
            Assert.Equal(0, sim.Capture("toto", ["ping", "-c1", "-W2", "10.255.0.1"]).Code);
            Assert.Equal(0, sim.Capture("hedges", ["timeout", "3", "bash", "-c", "exec 3<>/dev/tcp/10.255.0.10/53"]).Code);
            Assert.NotEqual(0, sim.Capture("hedges", ["ping", "-c1", "-W1", "10.255.0.10"]).Code);

            // Private /etc, read-only host file system.
            Assert.Equal(0, sim.Capture("toto", ["touch", "/etc/elenta-lab-probe"]).Code);
            Assert.False(File.Exists("/etc/elenta-lab-probe"));
            Assert.NotEqual(0, sim.Capture("toto", ["touch", "/usr/elenta-lab-probe"]).Code);
            Assert.Equal(0, sim.Capture("toto", ["touch", "/dev/shm/elenta-lab-probe"]).Code); // its own shared memory
            var leaked = File.Exists("/dev/shm/elenta-lab-probe");
            if (leaked)
            {
                File.Delete("/dev/shm/elenta-lab-probe");
            }

            Assert.False(leaked, "the machine wrote into the host's /dev/shm");
            // Every file system of the host's is read-only in the machine, whatever this machine mounts: writable are only the machine's own.
            string[] own = ["/etc", "/var", "/root", "/srv", "/nix", "/tmp", "/run", "/proc", "/sys", "/dev"];
            var writable = sim.Capture("toto", ["cat", "/proc/self/mounts"]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ')).Where(f => f.Length > 3 && f[3].Split(',').Contains("rw")).Select(f => f[1])
                .Where(point => !own.Any(o => point == o || point.StartsWith(o + "/", StringComparison.Ordinal))).ToList();
            Assert.Empty(writable);

            // Nothing of the machine is reachable from the lab, and the lab left no trace on it.
            foreach (var address in HostSnapshot.HostAddresses())
            {
                Assert.NotEqual(0, sim.Capture("toto", ["ping", "-c1", "-W1", address]).Code);
            }

            var during = HostSnapshot.Take();
            Assert.Equal(before.Routes, during.Routes);
            Assert.Equal(before.Ruleset, during.Ruleset);
            Assert.DoesNotContain(during.Mentioning(lab), m => m.StartsWith("link ", StringComparison.Ordinal));

            // Each machine holds exactly the files the build's manifest sends it, byte for byte.
            var manifest = Elenta.Core.Emit.Manifest.Read(File.ReadAllBytes(Path.Combine(sim.BuildDirectory, "manifest.json")))!;
            var toToto = manifest.Entries.Where(e => e.Delivery is { } d && d.Machines.Contains("toto") && (d.Target.StartsWith("/etc/", StringComparison.Ordinal) || d.Target.StartsWith("/srv/", StringComparison.Ordinal))).ToList();
            Assert.Contains(toToto, e => e.Delivery!.Target == "/etc/nsd/elenta/canon.zone");
            var sums = sim.Capture("toto", ["sha256sum", .. toToto.Select(e => e.Delivery!.Target)]).Output;
            foreach (var entry in toToto)
            {
                Assert.Contains(entry.Sha256 + "  " + entry.Delivery!.Target, sums);
            }

            Assert.NotEqual(0, sim.Capture("hedges", ["test", "-e", "/etc/nsd/elenta/canon.zone"]).Code);

            // SSH with strict host keys against the lab's known_hosts; a machine presenting another key is refused.
            var ssh = sim.Ssh("toto", ["hostname"]);
            Assert.True(ssh.Code == 0, ssh.Error);
            Assert.Equal("toto", ssh.Output.Trim());
            var knownHosts = File.ReadAllLines(sim.KnownHosts);
            var toto = knownHosts.Single(l => l.StartsWith("toto.canon,", StringComparison.Ordinal));
            var hedges = knownHosts.Single(l => l.StartsWith("hedges.canon", StringComparison.Ordinal));
            using var temp = new CliRunner.TempDir();
            var wrong = temp.Write("known_hosts", toto.Split(' ')[0] + " " + string.Join(' ', hedges.Split(' ').Skip(1)) + "\n");
            var refused = sim.Ssh("toto", ["hostname"], wrong);
            Assert.NotEqual(0, refused.Code);
            Assert.Contains("Host key verification failed", refused.Error);
            Assert.DoesNotContain("toto", refused.Output);

            var status = CliRunner.InRepo("sim", "status", "--lab", lab);
            Assert.Contains("up; 14/14 machines running, 15/15 namespaces", status.Out);
            Assert.Equal(0, status.ExitCode);

            var again = CliRunner.InRepo("sim", "up", Site, "--lab", lab);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("already up", again.Err);
        }
        finally
        {
            var down = CliRunner.InRepo("sim", "down", "--lab", lab);
            Assert.True(down.ExitCode == 0, down.Err);
        }

        var after = HostSnapshot.Take();
        Assert.Empty(after.Mentioning(lab));
        Assert.Equal(before.Routes, after.Routes);
        Assert.Equal(before.Ruleset, after.Ruleset);
        Assert.False(new Lab(lab).Exists);
    }

    /// <summary>
    /// Two labs at once: a machine of the second holds none of the first's namespaces or tmpfs (its
    /// mount namespace began as a copy of the host's), so the first's `sim down` really removes them.
    /// </summary>
    [Fact]
    public void AMachineHoldsNoOtherLabsNamespacesNorFiles()
    {
        using var temp = new CliRunner.TempDir();
        var site = Path.Combine(temp.Path, "site");
        Assert.Equal(0, CliRunner.InRepo("init", site).ExitCode);
        var (first, second) = (NewLab(), NewLab());
        try
        {
            var up = CliRunner.InRepo("sim", "up", site, "--lab", first);
            Assert.True(up.ExitCode == 0, up.Err + up.Out);
            up = CliRunner.InRepo("sim", "up", site, "--lab", second);
            Assert.True(up.ExitCode == 0, up.Err + up.Out);

            var lab = new Lab(second);
            var machine = Directory.GetDirectories(Path.Combine(lab.RunDirectory, "machines")).Select(Path.GetFileName).First()!;
            var mounts = lab.Capture(machine, ["cat", "/proc/self/mountinfo"]);
            Assert.True(mounts.Code == 0, mounts.Error);
            Assert.DoesNotContain("/run/netns", mounts.Output);
            Assert.DoesNotContain("elenta-sim-" + first, mounts.Output);
            Assert.Contains("elenta-sim-" + second, mounts.Output); // its own layers

            var down = CliRunner.InRepo("sim", "down", "--lab", first);
            Assert.True(down.ExitCode == 0, down.Err);
            Assert.False(new Lab(first).Exists);
            Assert.Equal(machine, lab.Capture(machine, ["hostname"]).Output.Trim());
        }
        finally
        {
            Cleanup(first);
            Cleanup(second);
        }
    }

    /// <summary>
    /// The site's daemons run in the lab from the built files, behind the built firewalls: names
    /// resolve through the lab's resolvers, a netbooted MAC gets its reservation from the real
    /// dnsmasq, a port the firewall closes between networks is closed and an open one open;
    /// `sim verify` passes, then fails naming the promises a stopped daemon breaks.
    /// </summary>
    [Fact]
    public void TheSiteRunsInTheLabAndVerifyHoldsItToItsPromises()
    {
        var lab = NewLab();
        try
        {
            var up = CliRunner.InRepo("sim", "up", Site, "--lab", lab);
            Assert.True(up.ExitCode == 0, up.Err + up.Out);
            Assert.Matches(@"\bifrit +.*runs sshd, dnsmasq, nsd, unbound; nftables loaded", up.Out);
            Assert.Matches(@"\btoto +.*runs sshd, nginx, nsd, unbound; nftables loaded", up.Out);
            Assert.Contains("db-a:5432 (postgres)", up.Out); // a stand-in: the lab has no PostgreSQL daemon

            var sim = new Lab(lab);
            // Names, through the resolver each machine's network gives it (its resolv.conf): from kansas
            // (ifrit's Unbound) and condorcet (toto's), a multi-homed name per network, a proxied CNAME.
            Assert.Contains("nameserver 192.168.1.1", sim.Capture("hedges", ["cat", "/etc/resolv.conf"]).Output);
            string Dig(string machine, string name) => sim.Capture(machine, ["dig", "+short", "+time=2", name]).Output.Trim();
            Assert.Equal("10.255.0.10", Dig("hedges", "toto.canon"));
            Assert.Equal("192.168.1.1", Dig("hedges", "kansas.ifrit.canon"));
            Assert.Equal("10.255.0.1", Dig("nancy", "condorcet.ifrit.canon"));
            Assert.Equal("barge.canon.\n10.255.1.10", Dig("nancy", "jellyfin.emerald.city"));
            Assert.Equal(string.Empty, Dig("nancy", "printer.lan")); // blockOutgoing: NXDOMAIN from Unbound itself

            // A netbooted MAC (btg's eno1, a port of its bridge br-condorcet, which carries the MAC) asks the real dnsmasq on ifrit with a real client.
            var lease = sim.Capture("btg", ["udhcpc", "-i", "br-condorcet", "-n", "-q", "-f", "-t", "3", "-T", "1", "-s", "/bin/true"]);
            Assert.Contains("lease of 10.255.0.60 obtained", lease.Error + lease.Output);

            // postgres on db-a: clients condorcet only. From kansas the firewall drops it; from condorcet it connects.
            string[] Connect(string address) => ["timeout", "3", "bash", "-c", $"exec 3<>/dev/tcp/{address}/5432"];
            Assert.Equal(0, sim.Capture("nancy", Connect("10.255.1.30")).Code);
            Assert.NotEqual(0, sim.Capture("hedges", Connect("10.255.1.30")).Code);

            var verify = CliRunner.InRepo("sim", "verify", "--lab", lab, "--format", "json");
            Assert.True(verify.ExitCode == 0, verify.Out + verify.Err);
            using (var json = System.Text.Json.JsonDocument.Parse(verify.Out))
            {
                var promises = json.RootElement.GetProperty("promises").EnumerateArray().ToList();
                foreach (var kind in new[] { "dns", "dhcp", "service", "ssh" })
                {
                    Assert.Contains(promises, p => p.GetProperty("kind").GetString() == kind);
                }

                Assert.All(promises, p => Assert.True(p.GetProperty("kept").GetBoolean(), p.ToString()));
                Assert.Contains(promises, p => p.GetProperty("subject").GetString() == "postgres of db-a (10.255.1.30:5432) is refused from kansas");
            }

            // Stop kansas's resolver (Unbound on ifrit): the names asked from kansas are broken, and said so.
            Assert.Equal(0, sim.Capture("ifrit", ["bash", "-c", "kill $(cat /run/unbound.pid)"]).Code);
            var broken = CliRunner.InRepo("sim", "verify", "--lab", lab);
            Assert.True(broken.ExitCode == 1 && broken.Out.Contains("BROKEN", StringComparison.Ordinal), broken.Out + broken.Err);
            Assert.Matches(@"BROKEN dns +toto\.canon from kansas via 192\.168\.1\.1: expected 10\.255\.0\.10, got no answer[^(]*\(examples/emerald-city/cadaster/compute/toto\.yaml:\d+", broken.Out);
            Assert.DoesNotContain("from condorcet via", broken.Out);
            Assert.Matches(@"lab \S+: \d+ of \d+ promises broken", broken.Out);
        }
        finally
        {
            Cleanup(lab);
        }

        Assert.Empty(HostSnapshot.Take().Mentioning(lab));
    }

    [Fact]
    public void DownAfterUpWasKilledHalfWayRemovesEverythingAndLeavesLookAlikesAlone()
    {
        var lab = NewLab();
        var decoyNs = Names.Machine(lab, "not-ours");
        Process? decoyProcess = null;
        var before = HostSnapshot.Take();
        try
        {
            Run("ip", "netns", "add", decoyNs);
            decoyProcess = Process.Start(new ProcessStartInfo("bash", ["-c", $"exec -a elenta-sim:{lab}x:decoy sleep 300"]) { UseShellExecute = false })!;

            var elenta = Path.Combine(AppContext.BaseDirectory, "elenta.dll");
            using var up = Process.Start(new ProcessStartInfo("dotnet", [elenta, "sim", "up", Site, "--lab", lab])
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var clock = Stopwatch.StartNew();
            while (Directory.EnumerateFiles("/run/netns", Names.Switch(lab) + "*").Count() < 6 && clock.Elapsed < TimeSpan.FromSeconds(60) && !up.HasExited)
            {
                Thread.Sleep(1);
            }

            Assert.False(up.HasExited, "sim up finished before it could be killed: " + up.StandardError.ReadToEnd());
            up.Kill();
            up.WaitForExit();
            Assert.True(new Lab(lab).Exists);

            var down = CliRunner.InRepo("sim", "down", "--lab", lab);
            Assert.True(down.ExitCode == 0, down.Err);

            var after = HostSnapshot.Take();
            Assert.Equal([decoyNs], after.Mentioning(lab).Where(n => n.StartsWith("netns ", StringComparison.Ordinal)).Select(n => n[6..]).ToList());
            Assert.False(decoyProcess.HasExited, "down killed a process it did not start");
            Assert.Equal(before.Routes, after.Routes);
            Assert.DoesNotContain(after.Processes, p => p.StartsWith($"elenta-sim:{lab}:", StringComparison.Ordinal));
        }
        finally
        {
            decoyProcess?.Kill();
            decoyProcess?.Dispose();
            Cleanup(lab);
            Run("ip", "netns", "delete", decoyNs);
        }
    }

    [Fact]
    public void DownKeepsItsJournalWhileSomethingItNamesIsStillThere()
    {
        // A lab that is only a journal and a run directory, with a mount of someone else's inside it:
        // rm --one-file-system leaves the mount point, so the directory survives the first down.
        var lab = NewLab();
        var state = Directory.CreateTempSubdirectory("elenta-test-state-").FullName;
        var run = Directory.CreateTempSubdirectory("elenta-test-run-").FullName;
        var labDir = Path.Combine(run, lab);
        var busy = Path.Combine(labDir, "machines", "m", "busy");
        try
        {
            var journal = LabJournal.For(lab, state);
            journal.Start();
            journal.Record("dir", labDir);
            Directory.CreateDirectory(busy);
            Assert.Equal(0, Shell.Exec("mount", ["-t", "tmpfs", "elenta-test-busy", busy]).Code);

            var l = new Lab(lab, state, run);
            var e = Assert.Throws<LabException>(() => l.Down());
            Assert.Contains($"lab '{lab}' is not all gone: directory {labDir}", e.Message, StringComparison.Ordinal);
            Assert.Contains("journal", e.Message, StringComparison.Ordinal);
            Assert.True(l.Exists, "the journal went with something it names still there");

            Assert.Equal(0, Shell.Exec("umount", [busy]).Code);
            l.Down();
            Assert.False(l.Exists);
            Assert.False(Directory.Exists(labDir));
        }
        finally
        {
            Shell.Exec("umount", ["--lazy", busy]);
            Directory.Delete(state, recursive: true);
            Directory.Delete(run, recursive: true);
        }
    }

    private static void Run(string program, params string[] args) => Shell.Exec(program, args);

    /// <summary>What the machine itself has: namespaces, links, routes, nftables ruleset, mounts, processes.</summary>
    private sealed record HostSnapshot(IReadOnlyList<string> Namespaces, string Links, string Routes, string Ruleset, string Mounts, IReadOnlyList<string> Processes)
    {
        public static HostSnapshot Take() => new(
            Directory.Exists("/run/netns") ? Directory.EnumerateFiles("/run/netns").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList() : [],
            Output("ip", "-o", "link", "show"),
            Output("ip", "route", "show", "table", "all"),
            Output("nft", "list", "ruleset"),
            string.Join('\n', File.ReadAllLines("/proc/self/mountinfo").Select(l => string.Join(' ', l.Split(' ').Skip(3).Take(2))).Order(StringComparer.Ordinal)),
            Directory.EnumerateDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? Lab.Argv0(pid) : null).OfType<string>().ToList());

        /// <summary>Everything that names the lab: namespaces, links, mounts, processes.</summary>
        public IReadOnlyList<string> Mentioning(string lab) =>
            Namespaces.Where(n => n.Contains(lab, StringComparison.Ordinal)).Select(n => "netns " + n)
                .Concat(Links.Split('\n').Where(l => l.Contains(lab, StringComparison.Ordinal)).Select(l => "link " + l))
                .Concat(Mounts.Split('\n').Where(l => l.Contains(lab, StringComparison.Ordinal)).Select(l => "mount " + l))
                .Concat(Processes.Where(p => p.StartsWith($"elenta-sim:{lab}:", StringComparison.Ordinal)).Select(p => "process " + p))
                .ToList();

        public static IEnumerable<string> HostAddresses() =>
            Output("ip", "-4", "-o", "addr", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3].Split('/')[0]).Where(a => !a.StartsWith("127.", StringComparison.Ordinal));

        private static string Output(string program, params string[] args)
        {
            try
            {
                return Shell.Exec(program, args).Output;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return "(" + program + " not installed)";
            }
        }
    }
}

/// <summary>Tests that add namespaces or compare the machine's own network state run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostNetwork
{
    public const string Name = "host network";
}
