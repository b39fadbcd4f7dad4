using Elenta.Cli.Tests.Support;
using Elenta.Sim;
using Xunit;

namespace Elenta.Cli.Tests;

/// <summary>
/// How `elenta sim` wires machines, for real (root, as CI runs): bonds over one veth per member NIC
/// with the cadaster's MACs, bridges inside machines, one bridge per site network in the lab's
/// switch namespace, and that those bridges keep the networks apart: across them only through the
/// site's router. Each test takes its lab down in a finally and checks the machine's own links and
/// routes are as they were.
/// </summary>
[Collection(HostNetwork.Name)]
public sealed class SimWiringTests
{
    private static string EmeraldCity => Path.Combine(CliRunner.RepoRoot, "examples", "emerald-city");

    /// <summary>Two networks and a router between them; a VM host whose bonded NICs are a port of its bridge.</summary>
    private const string WiringSite = """
        networks:
          lan: { cidr: 10.70.0.0/24, vlan: 70, gateway: 10.70.0.1 }
          dmz: { cidr: 10.80.0.0/24, vlan: 80, gateway: 10.80.0.1 }
        cadaster:
          compute:
            gw:
              interfaces:
                eth0: { mac: "02:77:00:00:00:01" }
                eth1: { mac: "02:77:00:00:00:02" }
              canon:
                lan: { ip: 10.70.0.1, interface: eth0, primary: true }
                dmz: { ip: 10.80.0.1, interface: eth1 }
            vmhost:
              interfaces:
                eno1: { mac: "02:77:00:00:00:11" }
                eno2: { mac: "02:77:00:00:00:12" }
                bond0: { bond: [eno1, eno2], mode: 802.3ad, bridge: br-lan }
              canon:
                lan: { ip: 10.70.0.10, interface: bond0 }
            web:
              interfaces:
                enp1s0: { mac: "02:77:00:00:00:21" }
              canon:
                dmz: { ip: 10.80.0.20, interface: enp1s0 }
        """;

    private static string NewLab() => "w" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public void ABondIsMadeOverOneVethPerMemberWithItsMacsAndCarriesTraffic()
    {
        var lab = NewLab();
        var before = HostNetworkState.Take(lab);
        try
        {
            var up = CliRunner.InRepo("sim", "up", EmeraldCity, "--lab", lab, "--only", "dragon-of-perdition,btg,toto");
            Assert.True(up.ExitCode == 0, up.Err + up.Out);
            var sim = new Lab(lab);

            // The plan: four NICs with the cadaster's MACs under bond0 (802.3ad), the address on the bond.
            var dop = sim.Plan!.Machines.Single(m => m.Name == "dragon-of-perdition");
            Assert.Equal(new[] { "eno1", "eno2", "eno3", "eno4" }, dop.Nics.Select(n => n.Name));
            Assert.Equal(new[] { "02:e1:00:00:00:51", "02:e1:00:00:00:52", "02:e1:00:00:00:53", "02:e1:00:00:00:54" }, dop.Nics.Select(n => n.Mac));
            var bond = Assert.Single(dop.Devices);
            Assert.Equal(("bond0", "bond", "802.3ad"), (bond.Name, bond.Kind, bond.Mode));
            Assert.Equal(new[] { "eno1", "eno2", "eno3", "eno4" }, bond.Members);
            Assert.Equal("bond0", Assert.Single(dop.Interfaces).Name);

            // In the machine: each member a veth with its MAC, its switch side in condorcet's bridge.
            for (var i = 1; i <= 4; i++)
            {
                Assert.Equal($"02:e1:00:00:00:5{i}", Read(sim, "dragon-of-perdition", $"/sys/class/net/eno{i}/address"));
            }

            var plan = sim.Plan!;
            var condorcet = plan.Bridge(plan.Networks.Select(n => n.Name).ToList().IndexOf("condorcet"));
            var m = plan.Machines.ToList().FindIndex(x => x.Name == dop.Name);
            var ports = Shell.Exec("ip", ["-n", plan.SwitchNamespace, "-o", "link", "show", "master", condorcet]).Output;
            for (var i = 0; i < 4; i++)
            {
                Assert.Contains(plan.Port(m, i) + "@", ports);
            }

            Assert.Contains("10.255.0.50/16", sim.Capture("dragon-of-perdition", ["ip", "-4", "-o", "addr", "show", "dev", "bond0"]).Output);
            Assert.Equal("bond0", Path.GetFileName(sim.Capture("dragon-of-perdition", ["readlink", "/sys/class/net/eno1/master"]).Output.Trim()));
            if (Lab.RealBonds)
            {
                Assert.Contains("bond", sim.Capture("dragon-of-perdition", ["ip", "-d", "link", "show", "bond0"]).Output);
                Assert.Equal("eno1 eno2 eno3 eno4", Read(sim, "dragon-of-perdition", "/sys/class/net/bond0/bonding/slaves"));
            }

            // Traffic passes over the bond: out of its members, to toto and back.
            long Sent() => Enumerable.Range(1, 4).Sum(i => long.Parse(Read(sim, "dragon-of-perdition", $"/sys/class/net/eno{i}/statistics/tx_packets"), System.Globalization.CultureInfo.InvariantCulture));
            var sent = Sent();
            var ping = sim.Capture("dragon-of-perdition", ["ping", "-c3", "-i0.2", "-W2", "10.255.0.10"]);
            Assert.True(ping.Code == 0, ping.Output + ping.Error);
            Assert.True(Sent() >= sent + 3, $"the members sent {Sent() - sent} packets for 3 pings");

            // btg's NIC is a port of its bridge br-condorcet, which carries the address.
            Assert.Equal("eno1", Assert.Single(sim.Capture("btg", ["ls", "/sys/class/net/br-condorcet/brif"]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            Assert.Contains("10.255.0.60/16", sim.Capture("btg", ["ip", "-4", "-o", "addr", "show", "dev", "br-condorcet"]).Output);
            Assert.Equal(0, sim.Capture("btg", ["ping", "-c1", "-W2", "10.255.0.50"]).Code);
        }
        finally
        {
            Down(lab);
        }

        before.AssertSameAs(HostNetworkState.Take(lab));
    }

    [Fact]
    public void ABondThatIsABridgePortCarriesTheBridgesAddress()
    {
        var lab = NewLab();
        using var site = new CliRunner.TempDir();
        site.Write("elenta.yaml", "site: wiring\ncanonDomain: canon\n");
        site.Write("site.yaml", WiringSite);
        var before = HostNetworkState.Take(lab);
        try
        {
            var up = CliRunner.InRepo("sim", "up", site.Path, "--lab", lab);
            Assert.True(up.ExitCode == 0, up.Err + up.Out);
            var sim = new Lab(lab);
            var vmhost = sim.Plan!.Machines.Single(m => m.Name == "vmhost");
            Assert.Equal(new[] { ("bond0", "bond"), ("br-lan", "bridge") }, vmhost.Devices.Select(d => (d.Name, d.Kind)));
            Assert.Equal(new[] { "bond0" }, vmhost.Devices[1].Members);
            Assert.Contains("10.70.0.10/24", sim.Capture("vmhost", ["ip", "-4", "-o", "addr", "show", "dev", "br-lan"]).Output);
            Assert.Contains("02:77:00:00:00:12", Read(sim, "vmhost", "/sys/class/net/eno2/address"));
            var bridgePorts = sim.Capture("vmhost", ["ls", "/sys/class/net/br-lan/brif"]).Output;
            Assert.Contains(Lab.RealBonds ? "bond0" : "eno1", bridgePorts);

            // Through the bridge and the bond, across the router to the other network.
            var ping = sim.Capture("vmhost", ["ping", "-c1", "-W2", "10.80.0.20"]);
            Assert.True(ping.Code == 0, ping.Output + ping.Error);
        }
        finally
        {
            Down(lab);
        }

        before.AssertSameAs(HostNetworkState.Take(lab));
    }

    [Fact]
    public void TheLabsBridgesKeepNetworksApartExceptThroughTheRouter()
    {
        var lab = NewLab();
        using var site = new CliRunner.TempDir();
        site.Write("elenta.yaml", "site: wiring\ncanonDomain: canon\n");
        site.Write("site.yaml", WiringSite);
        var before = HostNetworkState.Take(lab);
        try
        {
            var up = CliRunner.InRepo("sim", "up", site.Path, "--lab", lab);
            Assert.True(up.ExitCode == 0, up.Err + up.Out);
            var sim = new Lab(lab);

            // Each network is a bridge of its own: web's port is in dmz's bridge, not in lan's.
            var plan = sim.Plan!;
            var names = plan.Networks.Select(n => n.Name).ToList();
            var web = plan.Machines.ToList().FindIndex(m => m.Name == "web");
            string Ports(string network) => Shell.Exec("ip", ["-n", plan.SwitchNamespace, "-o", "link", "show", "master", plan.Bridge(names.IndexOf(network))]).Output;
            Assert.Contains(plan.Port(web, 0) + "@", Ports("dmz"));
            Assert.DoesNotContain(plan.Port(web, 0) + "@", Ports("lan"));

            // web (dmz) reaches vmhost (lan) through gw, which forwards.
            Assert.Equal(0, sim.Capture("web", ["ping", "-c1", "-W2", "10.70.0.10"]).Code);

            // An address of lan's on web's NIC does not put web on lan: lan's bridge is not wired to it.
            Assert.Equal(0, sim.Capture("web", ["ip", "addr", "add", "10.70.0.99/24", "dev", "enp1s0"]).Code);
            Assert.NotEqual(0, sim.Capture("web", ["ping", "-c1", "-W1", "10.70.0.10"]).Code);
            Assert.Equal(0, sim.Capture("web", ["ip", "addr", "del", "10.70.0.99/24", "dev", "enp1s0"]).Code);
            Assert.Equal(0, sim.Capture("web", ["ping", "-c1", "-W2", "10.70.0.10"]).Code);

            // And without the router's forwarding there is no way across at all.
            Assert.Equal(0, sim.Capture("gw", ["sh", "-c", "echo 0 > /proc/sys/net/ipv4/ip_forward"]).Code);
            Assert.NotEqual(0, sim.Capture("web", ["ping", "-c1", "-W1", "10.70.0.10"]).Code);
        }
        finally
        {
            Down(lab);
        }

        before.AssertSameAs(HostNetworkState.Take(lab));
    }

    [Fact]
    public void WithTheBondingDriverABondIsARealBondOfAllItsMembersUnderItsBridge()
    {
        var machine = new LabMachine("vmhost", [new LabInterface("br-lan", null, "lan", ["10.70.0.10/24"])], "10.70.0.1", false)
        {
            Nics = [new LabNic("eno1", "02:77:00:00:00:11", "lan"), new LabNic("eno2", "02:77:00:00:00:12", "lan")],
            Devices = [new LabDevice("bond0", "bond", ["eno1", "eno2"], "802.3ad"), new LabDevice("br-lan", "bridge", ["bond0"], null)],
        };

        var real = Lab.MachineCommands(machine, realBonds: true);
        Assert.Contains("link add name bond0 type bond mode 802.3ad\nlink set eno1 master bond0\nlink set eno2 master bond0\n", real);
        Assert.Contains("link add name br-lan type bridge\nlink set bond0 master br-lan\n", real);

        // Without it, the bridge takes the bond's first member (a bridge cannot hold a bridge), and no bond0 is made.
        var standIn = Lab.MachineCommands(machine, realBonds: false);
        Assert.DoesNotContain("bond0", standIn);
        Assert.Contains("link set eno1 master br-lan\n", standIn);
        Assert.DoesNotContain("link set eno2 master", standIn);
        Assert.Contains("addr add 10.70.0.10/24 dev br-lan\n", standIn);
        Assert.EndsWith("route add default via 10.70.0.1\n", standIn);
    }

    private static string Read(Lab sim, string machine, string path) => sim.Capture(machine, ["cat", path]).Output.Trim();

    private static void Down(string lab)
    {
        if (new Lab(lab).Exists)
        {
            var down = CliRunner.InRepo("sim", "down", "--lab", lab);
            Assert.True(down.ExitCode == 0, down.Err);
        }
    }

    /// <summary>The machine's own links and routes, and the namespaces named after the lab: a lab may add no link or route there, and leave nothing.</summary>
    private sealed record HostNetworkState(string Links, string Routes, IReadOnlyList<string> Namespaces)
    {
        public static HostNetworkState Take(string lab) => new(
            string.Join('\n', Shell.Exec("ip", ["-o", "link", "show"]).Output.Split('\n').Select(l => l.Split(' ', 3).Skip(1).FirstOrDefault() ?? string.Empty)),
            Shell.Exec("ip", ["route", "show", "table", "all"]).Output,
            Directory.Exists("/run/netns") ? Directory.EnumerateFiles("/run/netns").Where(n => n.Contains(lab, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList() : []);

        public void AssertSameAs(HostNetworkState after)
        {
            Assert.Equal(Links, after.Links);
            Assert.Equal(Routes, after.Routes);
            Assert.Equal(Namespaces, after.Namespaces);
        }
    }
}
