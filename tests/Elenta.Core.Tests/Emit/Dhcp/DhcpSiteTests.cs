using Elenta.Core.Emit.Dhcp;

namespace Elenta.Core.Tests.Emit.Dhcp;

/// <summary>Small sites that exercise the DHCP emitter's choices and diagnostics.</summary>
public class DhcpSiteTests
{
    [Fact]
    public void TwoAddressesOnOneMacKeepThePrimaryAndCheckWarns()
    {
        var compilation = TestSite.Minimal()
            .File("zz-extra.yaml", """
                cadaster:
                  compute:
                    alpha:
                      canon: { second: { network: lab, ip: 10.0.0.9, interface: eth0 } }
                """)
            .Compile();
        Assert.Equal("lab", compilation.Site!.Cadaster.Hosts["alpha"]!.PrimaryAddress!.Name);
        var warning = compilation.Diagnostics.Single("EL4014"); // the check's; the emitter keeps the first and says nothing
        Assert.False(warning.IsError);
        Assert.EndsWith("zz-extra.yaml", warning.Location!.Value.File.Path, StringComparison.Ordinal);
        Assert.Equal(4, warning.Location!.Value.Start.Line);
        Assert.Equal("second", Elenta.Core.Tests.Analysis.SpanText.Of(warning));
        Assert.Contains("MAC 02:00:00:00:00:01 is claimed by lab.alpha (eth0) and by second.alpha (eth0)", warning.Message, StringComparison.Ordinal);
        Assert.Equal(["lab"], Elenta.Core.Tests.Analysis.SpanText.Related(warning));
        var (artifacts, diagnostics) = EmitterRuns.Run(new DhcpEmitter(), compilation);
        diagnostics.Clean();
        var dnsmasq = artifacts.Text("dhcp/dnsmasq/lab.conf");
        Assert.Contains("dhcp-host=02:00:00:00:00:01,10.0.0.2,alpha,", dnsmasq);
        Assert.DoesNotContain("10.0.0.9", dnsmasq);
    }

    [Fact]
    public void Ipv6NetworksAndNetworksWithoutPoolOrReservationsGetNoFiles()
    {
        var compilation = TestSite.Minimal()
            .File("more.yaml", """
                networks:
                  v6: { cidr: "fd00::/64" }
                  empty: { cidr: 10.9.0.0/24 }
                """)
            .Compile();
        var (artifacts, _) = EmitterRuns.Run(new DhcpEmitter(), compilation);
        Assert.Contains(artifacts, a => a.Path == "dhcp/dnsmasq/lab.conf");
        Assert.DoesNotContain(artifacts, a => a.Path.Contains("v6", StringComparison.Ordinal) || a.Path.Contains("empty", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ignore")] // dnsmasq: never answer this host
    [InlineData("infinite")]
    [InlineData("2d")] // a lease time
    [InlineData("123")]
    public void AHostNameDnsmasqWouldReadAsAKeywordIsLeftOut(string name)
    {
        var compilation = TestSite.Minimal().File("z.yaml", $$"""
            cadaster:
              compute:
                "{{name}}":
                  interfaces: { eth0: { mac: "02:00:00:00:00:77" } }
                  canon: { lab: { ip: 10.0.0.77, interface: eth0 } }
            """).Compile();
        var (artifacts, _) = EmitterRuns.Run(new DhcpEmitter(), compilation);
        var dnsmasq = artifacts.Text("dhcp/dnsmasq/lab.conf");
        Assert.Contains("dhcp-host=02:00:00:00:00:77,10.0.0.77,", dnsmasq);
        Assert.DoesNotContain($"10.0.0.77,{name},", dnsmasq);
        Assert.Contains($"no host name: dnsmasq would read '{name}' as a keyword or a lease time", dnsmasq);
        Assert.False(DnsmasqConfig.ReadAsKeyword("alpha2"));
        Assert.False(DnsmasqConfig.ReadAsKeyword("2dx"));
    }

    [Fact]
    public void AGuestWithMacAndAddressIsReservedUnderItsName()
    {
        var compilation = TestSite.Minimal().Compile();
        var guest = compilation.Site!.Constellations["app"]!.Instances.Single(i => i.Name == "db");
        var (artifacts, _) = EmitterRuns.Run(new DhcpEmitter(), compilation);
        Assert.Contains($"dhcp-host={guest.Mac},{guest.Address!.Ip},db,", artifacts.Text("dhcp/dnsmasq/lab.conf"));
    }

    [Fact]
    public void WithoutACanonStoreHostPxeNamesNoTftpServer()
    {
        var site = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\ncanonDomain: canon\nnetbootStore: { path: /srv/netboot, baseUrl: http://boot.example.org/netboot/ }\n")
            .File("boot.yaml", "cadaster:\n  compute:\n    beta:\n      boot: { mode: netboot, firmware: bios }\n");
        var compilation = site.Compile();
        Assert.False(compilation.HasErrors, DiagnosticAssertions.Describe(compilation.Diagnostics));
        var (artifacts, _) = EmitterRuns.Run(new DhcpEmitter(), compilation);
        var dnsmasq = artifacts.Text("dhcp/dnsmasq/lab.conf");
        Assert.Contains("dhcp-boot=tag:elenta-boot-02-00-00-00-00-02,tag:elenta-ipxe,http://boot.example.org/netboot/02-00-00-00-00-02/boot.ipxe\n", dnsmasq);
        Assert.Contains("dhcp-boot=tag:elenta-boot-02-00-00-00-00-02,tag:!elenta-ipxe,tag:elenta-pxe-bios,undionly.kpxe\n", dnsmasq);
        var onKea = site.File("kea.yaml", "networks: { lab: { dhcp: { daemon: kea } } }\n").Compile();
        var kea = EmitterRuns.Run(new DhcpEmitter(), onKea).Artifacts.Text("dhcp/kea/alpha.kea-dhcp4.conf");
        Assert.DoesNotContain("next-server", kea);
        Assert.Contains("\"boot-file-name\": \"undionly.kpxe\"", kea);
    }
}
