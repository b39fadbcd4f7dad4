using System.Diagnostics;
using System.Text.Json.Nodes;
using Elenta.Core.Emit.Dhcp;

namespace Elenta.Core.Tests.Emit.Dhcp;

/// <summary>
/// A real DHCPv6 exchange: the generated kea-dhcp6 configuration served in one network namespace,
/// ISC dhclient -6 in another, joined by a veth pair; both namespaces are created by the test and
/// always deleted. The server's interface is named eth0, as the site's cadaster says, so the
/// configuration's interface names are used as emitted; only paths (leases, server id, pid) are
/// moved into a temp directory so nothing on the machine is touched.
/// </summary>
public class Dhcp6LiveExchangeTests
{
    [Fact]
    public void DhclientGetsItsReservedAddressByMacAndAnUnknownMacGetsAPoolAddress()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return; // network namespaces need root
        }

        var (artifacts, diagnostics) = EmitterRuns.Run(new DhcpEmitter(), Dhcp6Tests.V6Site());
        diagnostics.Clean();
        var id = Guid.NewGuid().ToString("n")[..8];
        var server = $"elenta-test-{id}-s6";
        var client = $"elenta-test-{id}-c6";
        var dir = DhcpTools.NewTempDirectory();
        Process? kea = null;
        try
        {
            var config = JsonNode.Parse(artifacts.At("dhcp/kea/alpha.kea-dhcp6.conf").Content)!;
            var dhcp6 = config["Dhcp6"]!;
            dhcp6["lease-database"]!["name"] = Path.Combine(dir, "leases6.csv");
            dhcp6["data-directory"] = dir;
            var file = DhcpTools.WriteTemp(dir, "kea-dhcp6.conf", config.ToJsonString());

            Ip("netns", "add", server);
            Ip("netns", "add", client);
            Ip("-n", server, "link", "add", "eth0", "type", "veth", "peer", "name", "veth-c", "netns", client);
            Ip("-n", client, "link", "set", "veth-c", "name", "eth0");
            Ip("-n", client, "link", "set", "eth0", "address", "02:00:00:00:00:02"); // beta's eth0
            Ip("-n", server, "addr", "add", "fd00:10::1/64", "dev", "eth0", "nodad");
            Ip("-n", server, "link", "set", "eth0", "up");
            Ip("-n", client, "link", "set", "eth0", "up");
            WaitForLinkLocal(server);
            WaitForLinkLocal(client);

            var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "netns", "exec", server, "kea-dhcp6", "-c", file })
            {
                start.ArgumentList.Add(a);
            }

            start.Environment["KEA_PIDFILE_DIR"] = dir;
            start.Environment["KEA_LOCKFILE_DIR"] = dir;
            kea = Process.Start(start)!;

            var reserved = Lease(client, dir, "beta");
            Assert.Contains("iaaddr fd00:10::20 ", reserved, StringComparison.Ordinal);
            Assert.Contains("option dhcp6.name-servers fd00:10::1;", reserved, StringComparison.Ordinal);
            Assert.Contains("option dhcp6.domain-search \"lab.test.\";", reserved, StringComparison.Ordinal);

            // Another machine: a new MAC, and with the link cycled, the link-local address made from it
            // (Kea also reads the MAC from an EUI-64 link-local source address).
            Ip("-n", client, "link", "set", "eth0", "down");
            Ip("-n", client, "link", "set", "eth0", "address", "02:00:00:00:99:99");
            Ip("-n", client, "link", "set", "eth0", "up");
            WaitForLinkLocal(client);
            var pooled = Lease(client, dir, "stranger");
            var address = System.Text.RegularExpressions.Regex.Match(pooled, @"iaaddr (fd00:10::1[0-9a-f]{3}) ").Groups[1].Value;
            Assert.True(address.Length > 0, "no pool address in:\n" + pooled);
        }
        finally
        {
            if (kea is not null)
            {
                if (!kea.HasExited)
                {
                    kea.Kill(entireProcessTree: true);
                }

                kea.WaitForExit(5000);
                kea.Dispose();
            }

            ExternalTool.Run("ip", "netns", "del", server);
            ExternalTool.Run("ip", "netns", "del", client);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>One dhclient -6 run (DUID-LL, so Kea sees the MAC), until it has a lease or gives up; hands back its lease file.</summary>
    private static string Lease(string ns, string dir, string name)
    {
        var leases = Path.Combine(dir, name + ".leases");
        ExternalTool.Result? last = null;
        for (var attempt = 0; attempt < 3 && !File.Exists(leases); attempt++)
        {
            // -sf /bin/true: record the lease, configure nothing; -1: one try, then exit.
            last = ExternalTool.Run("ip", ["netns", "exec", ns, "dhclient", "-6", "-1", "-v", "-D", "LL", "-lf", leases, "-pf", Path.Combine(dir, name + ".pid"), "-sf", "/bin/true", "eth0"],
                workingDirectory: dir, timeout: TimeSpan.FromSeconds(60));
            ExternalTool.Run("ip", "netns", "exec", ns, "dhclient", "-6", "-x", "-pf", Path.Combine(dir, name + ".pid"));
        }

        Assert.True(File.Exists(leases), "dhclient got no lease: " + last);
        return File.ReadAllText(leases);
    }

    private static void WaitForLinkLocal(string ns)
    {
        for (var i = 0; i < 50; i++)
        {
            var shown = ExternalTool.Run("ip", "-n", ns, "-6", "addr", "show", "dev", "eth0", "scope", "link").Output;
            if (shown.Contains("fe80", StringComparison.Ordinal) && !shown.Contains("tentative", StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(100);
        }

        Assert.Fail($"no usable link-local address in {ns}");
    }

    private static void Ip(params string[] arguments)
    {
        var result = ExternalTool.Run("ip", arguments);
        Assert.True(result.ExitCode == 0, $"ip {string.Join(' ', arguments)}: {result}");
    }
}
