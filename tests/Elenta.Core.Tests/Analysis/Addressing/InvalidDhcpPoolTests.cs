
namespace Elenta.Core.Tests.Analysis.Addressing;

public class InvalidDhcpPoolTests
{
    private static TestSite WithPool(string from, string to) => TestSite.Minimal().File("more.yaml", $$"""
        networks:
          guests: { cidr: 10.5.0.0/24, dhcp: { from: {{from}}, to: {{to}} } }
        """);

    [Fact]
    public void PoolEndOutsideTheNetworkIsReported()
    {
        var d = WithPool("10.5.0.10", "10.5.1.10").Compile().Diagnostics.Single("EL4007");
        Assert.Equal("10.5.1.10", d.Location.Text());
        Assert.True(d.Names("more.yaml", "10.5.0.0/24"));
    }

    [Fact]
    public void ReversedPoolIsReported()
    {
        var d = WithPool("10.5.0.200", "10.5.0.100").Compile().Diagnostics.Single("EL4007");
        Assert.Equal("10.5.0.200", d.Location.Text());
        Assert.True(d.Names("more.yaml", "10.5.0.100"));
    }

    [Fact]
    public void PoolInsideItsNetworkIsClean() => WithPool("10.5.0.100", "10.5.0.200").Compile().Diagnostics.None("EL4007");
}
