using System.Diagnostics;
using System.Text.Json.Nodes;
using Elenta.Core.Emit.Dhcp;
using static Elenta.Core.Tests.Emit.Dhcp.DhcpLiveExchangeTests;

namespace Elenta.Core.Tests.Emit.Dhcp;

/// <summary>
/// A netbooted host with two NICs in a bond: PXE firmware boots one port at a time with its own
/// MAC, so the second port must get the host's reserved address and its own boot file too. Real
/// dnsmasq and real kea-dhcp4 answer inside two network namespaces this test creates (server and
/// client, joined by a veth pair) and always deletes; nothing leaves them. Needs root.
/// </summary>
public class DhcpEveryBootNicLiveTests
{
    private const string FirstMac = "02:00:00:00:00:02";
    private const string SecondMac = "02:00:00:00:00:12";

    private static Compilation Site(string daemon) => TestSite.Minimal()
        .File("elenta.yaml", "site: mini\ncanonDomain: canon\nnetbootStore: { server: alpha, path: /srv/netboot, baseUrl: http://alpha.canon/netboot }\n")
        .File("networks.yaml", $$"""
            networks:
              lab: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, dns: [10.0.0.2], domain: lab.test, dhcp: { server: alpha, daemon: {{daemon}}, from: 10.0.0.100, to: 10.0.0.199, leaseTime: 1h } }
            """)
        .File("boot.yaml", $$"""
            cadaster:
              compute:
                beta:
                  interfaces:
                    eth1: { mac: "{{SecondMac}}" }
                    bond0: { bond: [eth0, eth1], mode: active-backup }
                  canon: { lab: { interface: !force bond0 } }
                  boot: { mode: netboot, firmware: bios }
            """)
        .Compile();

    [Theory]
    [InlineData("dnsmasq")]
    [InlineData("kea")]
    public void TheSecondNicGetsTheReservedAddressAndItsOwnBootFile(string daemon)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return; // network namespaces need root
        }

        var compilation = Site(daemon);
        Assert.False(compilation.HasErrors, DiagnosticAssertions.Describe(compilation.Diagnostics));
        var reserved = compilation.Site!.Cadaster.Hosts["beta"]!.PrimaryAddress!.Ip.ToString();
        var (artifacts, _) = EmitterRuns.Run(new DhcpEmitter(), compilation);

        var id = Guid.NewGuid().ToString("n")[..8];
        var server = $"elenta-test-{id}-s";
        var client = $"elenta-test-{id}-c";
        var dir = DhcpTools.NewTempDirectory();
        Process? daemonProcess = null;
        try
        {
            var script = DhcpTools.WriteTemp(dir, "client.py", ClientScript);
            Ip("netns", "add", server);
            Ip("netns", "add", client);
            Ip("-n", server, "link", "add", "veth-s", "type", "veth", "peer", "name", "veth-c", "netns", client);
            Ip("-n", server, "addr", "add", "10.0.0.2/24", "dev", "veth-s");
            Ip("-n", server, "link", "set", "veth-s", "up");
            Ip("-n", client, "link", "set", "veth-c", "up");
            daemonProcess = daemon == "kea"
                ? StartKea(server, dir, artifacts.Text("dhcp/kea/alpha.kea-dhcp4.conf"))
                : StartDnsmasq(server, dir, artifacts.Text("dhcp/dnsmasq/lab.conf"));

            foreach (var (mac, folder) in new[] { (SecondMac, "02-00-00-00-00-12"), (FirstMac, "02-00-00-00-00-02") })
            {
                // The client's port takes on the NIC's MAC, as the NIC's firmware would send it.
                Ip("-n", client, "link", "set", "veth-c", "address", mac);
                var pxe = Offer(client, script, mac, arch: 0, ipxe: false);
                Assert.Equal(reserved, pxe["yiaddr"]);
                Assert.Equal("beta", pxe["hostname"]);
                Assert.Equal("undionly.kpxe", pxe["file"]);

                var ipxe = Offer(client, script, mac, arch: 0, ipxe: true);
                Assert.Equal(reserved, ipxe["yiaddr"]);
                Assert.Equal($"http://alpha.canon/netboot/{folder}/boot.ipxe", ipxe["file"]);
            }

            // A MAC the site does not know gets a pool address and no boot file.
            Ip("-n", client, "link", "set", "veth-c", "address", "02:00:00:00:00:99");
            var stranger = Offer(client, script, "02:00:00:00:00:99", arch: 0, ipxe: true);
            Assert.StartsWith("10.0.0.1", stranger["yiaddr"], StringComparison.Ordinal);
            Assert.NotEqual(reserved, stranger["yiaddr"]);
            Assert.Equal(string.Empty, stranger["file"]);
        }
        finally
        {
            if (daemonProcess is not null)
            {
                if (!daemonProcess.HasExited)
                {
                    daemonProcess.Kill(entireProcessTree: true);
                }

                daemonProcess.WaitForExit(5000);
                daemonProcess.Dispose();
            }

            ExternalTool.Run("ip", "netns", "del", server);
            ExternalTool.Run("ip", "netns", "del", client);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Process StartDnsmasq(string ns, string dir, string fragment)
    {
        var conf = DhcpTools.WriteTemp(dir, "lab.conf", fragment);
        return Start(ns, [], "dnsmasq", "--keep-in-foreground", "--port=0", "--no-resolv", "--no-hosts", "--interface=veth-s", "--bind-interfaces",
            $"--dhcp-leasefile={dir}/leases", $"--pid-file={dir}/dnsmasq.pid", $"--conf-file={conf}");
    }

    /// <summary>Kea with the generated configuration; only where it keeps its leases and which interface it listens on are changed.</summary>
    private static Process StartKea(string ns, string dir, string config)
    {
        var root = JsonNode.Parse(config)!;
        var dhcp4 = root["Dhcp4"]!;
        Assert.False(dhcp4["ip-reservations-unique"]!.GetValue<bool>());
        dhcp4["interfaces-config"]!["interfaces"] = new JsonArray("veth-s");
        dhcp4["lease-database"]!["name"] = Path.Combine(dir, "leases4.csv");
        var file = DhcpTools.WriteTemp(dir, "kea-dhcp4.conf", root.ToJsonString());
        var check = ExternalTool.Run("ip", "netns", "exec", ns, "kea-dhcp4", "-t", file); // in the namespace: it checks that veth-s exists
        Assert.True(check.ExitCode == 0, check.ToString());
        return Start(ns, [("KEA_LOCKFILE_DIR", dir), ("KEA_PIDFILE_DIR", dir)], "kea-dhcp4", "-c", file);
    }

    private static Process Start(string ns, (string Name, string Value)[] environment, params string[] command)
    {
        var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", ns }.Concat(command))
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
