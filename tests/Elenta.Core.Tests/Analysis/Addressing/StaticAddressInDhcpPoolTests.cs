
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

    [Fact]
    public void AddressOutsideThePoolIsClean() => WithGamma("10.0.0.200").Compile().Diagnostics.None("EL4005");
}
