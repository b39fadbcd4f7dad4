using Elenta.Core.Emit.Dhcp;
using Elenta.Core.Emit.Netboot;
using Elenta.Core.Tests.Analysis;

namespace Elenta.Core.Tests.Emit.Netboot;

/// <summary>
/// Which NICs of a netbooted host boot: every port that reaches one of its addresses, or those
/// boot.interfaces lists. A NIC has a script in the store exactly when DHCP sends it there.
/// </summary>
public class BootNicsTests
{
    private static TestSite Site(string boot, string extraInterfaces = "") => TestSite.Minimal()
        .File("elenta.yaml", "site: mini\ncanonDomain: canon\nnetbootStore: { server: alpha, path: /srv/netboot, baseUrl: http://alpha.canon/netboot }\n")
        .File("boot.yaml", $$"""
            cadaster:
              compute:
                beta:
                  interfaces:
                    eth1: { mac: "02:00:00:00:00:12" }
                    bond0: { bond: [eth0, eth1], mode: active-backup }
                    eth2: { mac: "02:00:00:00:00:22" }
                    wlan0: { mac: "02:00:00:00:00:32", wireless: true }
            {{extraInterfaces}}
                  canon: { lab: { interface: !force bond0 } }
                  boot: {{boot}}
            """);

    private static (IReadOnlyList<string> Scripts, string Dnsmasq) Build(TestSite site)
    {
        var compilation = site.Compile();
        Assert.False(compilation.HasErrors, DiagnosticAssertions.Describe(compilation.Diagnostics));
        var (netboot, _) = EmitterRuns.Run(new NetbootEmitter(), compilation);
        var (dhcp, _) = EmitterRuns.Run(new DhcpEmitter(), compilation);
        return (netboot.Where(a => a.Path.EndsWith("/boot.ipxe", StringComparison.Ordinal)).Select(a => a.Path).Order(StringComparer.Ordinal).ToList(),
            dhcp.Text("dhcp/dnsmasq/lab.conf"));
    }

    [Fact]
    public void EveryPortOfTheBondBootsAndANicWithoutAnAddressDoesNot()
    {
        var (scripts, dnsmasq) = Build(Site("{ mode: netboot, firmware: bios }"));
        Assert.Equal(["netboot/02-00-00-00-00-02/boot.ipxe", "netboot/02-00-00-00-00-12/boot.ipxe"], scripts);
        Assert.Contains("dhcp-host=02:00:00:00:00:02,02:00:00:00:00:12,10.0.0.3,beta,", dnsmasq);
        Assert.Contains("dhcp-mac=set:elenta-boot-02-00-00-00-00-12,02:00:00:00:00:12\n", dnsmasq);
        Assert.Contains("dhcp-boot=tag:elenta-boot-02-00-00-00-00-12,tag:elenta-ipxe,http://alpha.canon/netboot/02-00-00-00-00-12/boot.ipxe\n", dnsmasq);

        // eth2 reaches no address, wlan0 is wireless: neither boots, neither is reserved.
        Assert.DoesNotContain("02:00:00:00:00:22", dnsmasq);
        Assert.DoesNotContain("02:00:00:00:00:32", dnsmasq);
    }

    [Fact]
    public void BootInterfacesNamesTheNicsThatBootAndTheOthersGetNoScriptAndNoBootOptions()
    {
        var (scripts, dnsmasq) = Build(Site("{ mode: netboot, firmware: bios, interfaces: [eth1] }"));
        Assert.Equal(["netboot/02-00-00-00-00-12/boot.ipxe"], scripts);

        // eth0 keeps the address the bond carries once up, without boot options; eth1 boots with it.
        Assert.Contains("dhcp-host=02:00:00:00:00:02,02:00:00:00:00:12,10.0.0.3,beta,", dnsmasq);
        Assert.Contains("dhcp-mac=set:elenta-boot-02-00-00-00-00-12,02:00:00:00:00:12\n", dnsmasq);
        Assert.DoesNotContain("elenta-boot-02-00-00-00-00-02", dnsmasq);
    }

    [Fact]
    public void TheImageLivesInTheFolderOfTheNicCarryingThePrimaryAddressWhenItBoots()
    {
        var compilation = Site("{ mode: netboot, firmware: bios, interfaces: [eth1] }").Compile();
        var (netboot, _) = EmitterRuns.Run(new NetbootEmitter(), compilation);
        Assert.Contains("set elenta-image http://alpha.canon/netboot/02-00-00-00-00-12\n", netboot.Text("netboot/02-00-00-00-00-12/boot.ipxe"));
        compilation = Site("{ mode: netboot, firmware: bios }").Compile();
        (netboot, _) = EmitterRuns.Run(new NetbootEmitter(), compilation);
        Assert.Contains("set elenta-image http://alpha.canon/netboot/02-00-00-00-00-02\n", netboot.Text("netboot/02-00-00-00-00-12/boot.ipxe"));
    }

    [Theory]
    [InlineData("eth9", "has no interface 'eth9'")]
    [InlineData("eth2", "reaches none of its canon addresses")]
    [InlineData("bond0", "has no MAC of its own")]
    public void AListedInterfaceThatCannotBootIsAnErrorAtTheItem(string name, string why)
    {
        var d = Site($"{{ mode: netboot, firmware: bios, interfaces: [eth1, {name}] }}").Compile().Diagnostics.Single("EL8041");
        Assert.True(d.IsError);
        Assert.EndsWith("boot.yaml", d.Location!.Value.File.Path, StringComparison.Ordinal);
        Assert.Equal(name, SpanText.Of(d));
        Assert.Contains(why, d.Message, StringComparison.Ordinal);
        Assert.Equal(["netboot"], SpanText.Related(d));
    }

    [Fact]
    public void ANicOnTheBridgeOfItsNetworkBootsWithTheHostsAddressThere()
    {
        var (scripts, dnsmasq) = Build(Site("{ mode: netboot, firmware: bios }", "        eth3: { mac: \"02:00:00:00:00:42\", bridge: br-lab }"));
        Assert.Contains("netboot/02-00-00-00-00-42/boot.ipxe", scripts);
        Assert.Contains("dhcp-host=02:00:00:00:00:02,02:00:00:00:00:12,02:00:00:00:00:42,10.0.0.3,beta,", dnsmasq);
    }
}
