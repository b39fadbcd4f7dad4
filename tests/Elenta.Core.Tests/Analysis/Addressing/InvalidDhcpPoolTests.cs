
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

    [Theory]
    [InlineData("10.5.0.0", "10.5.0.20", "10.5.0.0", "'from' address 10.5.0.0 is the network address", "start the pool at 10.5.0.1")]
    [InlineData("10.5.0.200", "10.5.0.255", "10.5.0.255", "'to' address 10.5.0.255 is the broadcast address", "end the pool at 10.5.0.254")]
    public void APoolThatWouldLeaseTheNetworksOwnOrBroadcastAddressIsReported(string from, string to, string at, string says, string help)
    {
        var d = WithPool(from, to).Compile().Diagnostics.Single("EL4007");
        Assert.Equal(at, d.Location.Text());
        Assert.Contains(says, d.Message, StringComparison.Ordinal);
        Assert.Equal(help, d.Help);
    }

    [Fact]
    public void APoolOfTheWholeUsableRangeIsClean() => WithPool("10.5.0.1", "10.5.0.254").Compile().Diagnostics.None("EL4007");

    [Fact]
    public void PoolInsideItsNetworkIsClean() => WithPool("10.5.0.100", "10.5.0.200").Compile().Diagnostics.None("EL4007");
}
