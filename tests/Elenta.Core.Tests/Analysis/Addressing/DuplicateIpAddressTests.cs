
namespace Elenta.Core.Tests.Analysis.Addressing;

public class DuplicateIpAddressTests
{
    private static TestSite WithGamma(string canon) => TestSite.Minimal().File("more.yaml", $$"""
        cadaster:
          compute:
            gamma:
              interfaces: { eth0: { mac: "02:00:00:00:00:03" } }
              canon: { lab: { {{canon}}, interface: eth0 } }
        """);

    [Fact]
    public void TwoHostsWithOneAddressIsReportedAtTheSecondNamingTheFirst()
    {
        var d = WithGamma("ip: 10.0.0.3").Compile().Diagnostics.Single("EL4001");
        Assert.EndsWith("more.yaml", d.Location.File());
        Assert.Equal("10.0.0.3", d.Location.Text());
        Assert.True(d.Names("hosts.yaml", "10.0.0.3"), "related names beta's address");
        Assert.Contains("'beta'", d.Message);
    }

    [Fact]
    public void GuestAddressCollidingWithBmcIsReported()
    {
        var d = TestSite.Minimal().File("bmc.yaml", """
            cadaster:
              compute:
                beta:
                  bmc: { network: lab, ip: 10.0.0.20, mac: "02:00:00:00:0b:01" }
            """).Compile().Diagnostics.Single("EL4001");
        Assert.Equal("10.0.0.20", d.Location.Text());
        Assert.Single(d.Related);
    }

    [Fact]
    public void DistinctAddressesAreClean() => WithGamma("ip: 10.0.0.4").Compile().Diagnostics.None("EL4001");

    [Fact]
    public void SharedAddressesMayRepeat()
    {
        var diagnostics = TestSite.Minimal().File("vip.yaml", """
            cadaster:
              compute:
                alpha: { canon: { vip: { network: lab, ip: 10.0.0.50, shared: true } } }
                beta: { canon: { vip: { network: lab, ip: 10.0.0.50, shared: true } } }
            """).Compile().Diagnostics;
        diagnostics.None("EL4001");
    }

    [Fact]
    public void SharedOnOnlyOneSideIsStillADuplicate()
    {
        var diagnostics = TestSite.Minimal().File("vip.yaml", """
            cadaster:
              compute:
                alpha: { canon: { vip: { network: lab, ip: 10.0.0.50, shared: true } } }
                beta: { canon: { vip: { network: lab, ip: 10.0.0.50 } } }
            """).Compile().Diagnostics;
        diagnostics.Single("EL4001");
    }
}
