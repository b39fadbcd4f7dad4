
namespace Elenta.Core.Tests.Analysis.Addressing;

public class OverlappingDhcpPoolsTests
{
    private static TestSite WithSecondNetwork(string from, string to) => TestSite.Minimal()
        .File("elenta.yaml", "site: mini\nanalysis: { rules: { EL4004: off } }\n")
        .File("more.yaml", $$"""
            networks:
              guests: { cidr: 10.0.0.0/23, dhcp: { from: {{from}}, to: {{to}} } }
            """);

    [Fact]
    public void TwoPoolsSharingAddressesAreReportedNamingBoth()
    {
        var d = WithSecondNetwork("10.0.0.150", "10.0.1.50").Compile().Diagnostics.Single("EL4006");
        Assert.EndsWith("more.yaml", d.Location.File());
        Assert.Equal("10.0.0.150", d.Location.Text());
        Assert.True(d.Names("networks.yaml", "10.0.0.100"));
    }

    [Fact]
    public void DisjointPoolsAreClean() => WithSecondNetwork("10.0.1.1", "10.0.1.50").Compile().Diagnostics.None("EL4006");
}
