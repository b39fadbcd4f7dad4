using System.Text.Json.Nodes;
using Elenta.Core.Emit.Dhcp;

namespace Elenta.Core.Tests.Emit.Dhcp;

/// <summary>DHCPv6 for IPv6 networks with a dhcp block: Kea's configuration, radvd's, and what check says.</summary>
public class Dhcp6Tests
{
    /// <summary>The minimal site with an IPv6 network beside the IPv4 one: alpha routes it and serves DHCPv6, beta has a reservation.</summary>
    public static TestSite V6Site(string dhcp = "{ server: alpha, from: \"fd00:10::1000\", to: \"fd00:10::1fff\", leaseTime: 1h }", string gateway = "fd00:10::1") => TestSite.Minimal()
        .File("networks6.yaml", $$"""
            networks:
              lab6: { cidr: "fd00:10::/64", gateway: "{{gateway}}", dns: ["fd00:10::1"], domain: lab.test, dhcp: {{dhcp}} }
            cadaster:
              compute:
                alpha: { canon: { lab6: { ip: "fd00:10::1", interface: eth0 } } }
                beta: { canon: { lab6: { ip: "fd00:10::20", interface: eth0 } } }
            """);

    [Fact]
    public void KeaDhcp6AcceptsTheConfigurationWithItsReservationsByMac()
    {
        var (artifacts, diagnostics) = EmitterRuns.Run(new DhcpEmitter(), V6Site());
        diagnostics.Clean();
        var kea = artifacts.At("dhcp/kea/alpha.kea-dhcp6.conf");
        Assert.Equal(["alpha"], kea.Machines);
        Assert.Equal("/etc/kea/kea-dhcp6.conf", kea.Delivery!.Target);
        Assert.Equal(["systemctl restart kea-dhcp6-server"], kea.Delivery.After);
        // The IPv4 network keeps its dnsmasq beside kea-dhcp6 on the same server (EL8502 is about port 67 only).
        Assert.Contains(artifacts, a => a.Path == "dhcp/dnsmasq/lab.conf");

        var dhcp6 = JsonNode.Parse(kea.Content)!["Dhcp6"]!;
        Assert.Equal("eth0", dhcp6["interfaces-config"]!["interfaces"]![0]!.GetValue<string>());
        var subnet = dhcp6["subnet6"]!.AsArray().Single()!;
        Assert.Equal("fd00:10::/64", subnet["subnet"]!.GetValue<string>());
        Assert.Equal("eth0", subnet["interface"]!.GetValue<string>());
        Assert.Equal("fd00:10::1000 - fd00:10::1fff", subnet["pools"]![0]!["pool"]!.GetValue<string>());
        Assert.Equal(3600, subnet["valid-lifetime"]!.GetValue<int>());
        var options = subnet["option-data"]!.AsArray().ToDictionary(o => o!["name"]!.GetValue<string>(), o => o!["data"]!.GetValue<string>());
        Assert.Equal("fd00:10::1", options["dns-servers"]);
        Assert.Equal("lab.test", options["domain-search"]);
        var beta = subnet["reservations"]!.AsArray().Single(r => r!["hostname"]!.GetValue<string>() == "lab6-beta")!;
        Assert.Equal("02:00:00:00:00:02", beta["hw-address"]!.GetValue<string>());
        Assert.Equal("fd00:10::20", beta["ip-addresses"]![0]!.GetValue<string>());

        var dir = DhcpTools.NewTempDirectory();
        try
        {
            var file = DhcpTools.WriteTemp(dir, "kea-dhcp6.conf", kea.Text());
            ExternalTool.Run("kea-dhcp6", "-t", file).AssertOk("kea-dhcp6 -t");
            var broken = DhcpTools.WriteTemp(dir, "broken.conf", kea.Text().Replace("\"fd00:10::20\"", "\"10.0.0.20\"", StringComparison.Ordinal));
            Assert.NotEqual(0, ExternalTool.Run("kea-dhcp6", "-t", broken).ExitCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TheRouterGetsRadvdWithTheManagedFlagAndRadvdAcceptsIt()
    {
        var (artifacts, _) = EmitterRuns.Run(new DhcpEmitter(), V6Site());
        var radvd = artifacts.At("dhcp/radvd/alpha.radvd.conf");
        Assert.Equal(["alpha"], radvd.Machines);
        Assert.Equal("/etc/radvd.conf", radvd.Delivery!.Target);
        var text = radvd.Text();
        // alpha's eth0 is a port of br-lab (the VM db's bridge): the address, and so radvd, sit on the bridge.
        Assert.Contains("interface br-lab\n{", text, StringComparison.Ordinal);
        Assert.Contains("AdvManagedFlag on;", text, StringComparison.Ordinal);
        Assert.Contains("prefix fd00:10::/64", text, StringComparison.Ordinal);
        Assert.Contains("AdvAutonomous off;", text, StringComparison.Ordinal);
        Assert.Contains("RDNSS fd00:10::1", text, StringComparison.Ordinal);
        Assert.Contains("DNSSL lab.test", text, StringComparison.Ordinal);

        var dir = DhcpTools.NewTempDirectory();
        try
        {
            var file = DhcpTools.WriteTemp(dir, "radvd.conf", text);
            ExternalTool.Run("radvd", "--configtest", "-C", file).AssertOk("radvd --configtest");
            var broken = DhcpTools.WriteTemp(dir, "broken.conf", text.Replace("AdvManagedFlag on;", "AdvManagedFlag maybe;", StringComparison.Ordinal));
            Assert.NotEqual(0, ExternalTool.Run("radvd", "--configtest", "-C", broken).ExitCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AGatewayOutsideTheSiteIsAWarningThatAdvertisementsAreMissing()
    {
        var compiled = V6Site(gateway: "fd00:10::fe").Compile();
        var warning = compiled.Diagnostics.Single("EL8063");
        Assert.False(warning.IsError);
        Assert.Equal("networks6.yaml", Path.GetFileName(warning.Location!.Value.File.Path));
        Assert.Equal(2, warning.Location!.Value.Start.Line);
        Assert.Contains("fd00:10::fe", warning.Message, StringComparison.Ordinal);
        var (artifacts, _) = EmitterRuns.Run(new DhcpEmitter(), compiled);
        Assert.DoesNotContain(artifacts, a => a.Path.StartsWith("dhcp/radvd/", StringComparison.Ordinal));
        Assert.Contains(artifacts, a => a.Path == "dhcp/kea/alpha.kea-dhcp6.conf");
    }

    [Fact]
    public void DnsmasqAskedForDhcpv6IsAnErrorAtDaemon()
    {
        var error = V6Site(dhcp: "{ server: alpha, daemon: dnsmasq }").Compile().Diagnostics.Single("EL8062");
        Assert.True(error.IsError);
        Assert.Equal(2, error.Location!.Value.Start.Line);
        Assert.Equal("dnsmasq", Elenta.Core.Tests.Analysis.SpanText.Of(error));
    }
}
