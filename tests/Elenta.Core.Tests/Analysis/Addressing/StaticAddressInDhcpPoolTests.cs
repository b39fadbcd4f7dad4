
namespace Elenta.Core.Tests.Analysis.Addressing;

public class StaticAddressInDhcpPoolTests
{
    private static TestSite WithGamma(string ip) => TestSite.Minimal().File("gamma.yaml", $$"""
        cadaster:
          compute:
            gamma:
              canon: { lab: { ip: {{ip}} } }
        """);

    [Fact]
    public void CanonAddressInsideThePoolIsReported()
    {
        var d = WithGamma("10.0.0.150").Compile().Diagnostics.Single("EL4005");
        Assert.Equal("10.0.0.150", d.Location.Text());
        Assert.Contains(d.Related, r => r.Location.File().EndsWith("networks.yaml") && r.Location.Text() == "10.0.0.100");
    }

    [Fact]
    public void PoolBoundariesAreInside() => WithGamma("10.0.0.199").Compile().Diagnostics.Single("EL4005");

    private const string Lab = """
        networks:
          lab: { cidr: 10.0.0.0/24, gateway: 10.0.0.150, dns: [10.0.0.2], dhcp: { server: alpha, from: 10.0.0.100, to: 10.0.0.199 } }
        """;

    [Fact]
    public void AGatewayInsideThePoolIsReportedAtTheGatewayOnceEvenWhenAMachineHoldsIt()
    {
        // lab's pool is 10.0.0.100 - 10.0.0.199; a router the site does not describe at 10.0.0.150.
        var d = TestSite.Minimal().File("networks.yaml", Lab).Compile().Diagnostics.Single("EL4005");
        Assert.Equal("10.0.0.150", d.Location.Text());
        Assert.Equal("networks.yaml", Path.GetFileName(d.Location.File()));
        Assert.Contains("a client could be leased the router's address", d.Message, StringComparison.Ordinal);

        // gamma holds the gateway's address: one report, at gamma's address.
        var both = WithGamma("10.0.0.150").File("networks.yaml", Lab).Compile().Diagnostics.Single("EL4005");
        Assert.Equal("gamma.yaml", Path.GetFileName(both.Location.File()));
    }

    [Fact]
    public void AddressOutsideThePoolIsClean() => WithGamma("10.0.0.200").Compile().Diagnostics.None("EL4005");
}
