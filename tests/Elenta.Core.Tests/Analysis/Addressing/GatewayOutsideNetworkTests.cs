
namespace Elenta.Core.Tests.Analysis.Addressing;

public class GatewayOutsideNetworkTests
{
    private static TestSite WithGateway(string gateway) => TestSite.Minimal().File("more.yaml", $$"""
        networks:
          guests: { cidr: 10.5.0.0/24, gateway: {{gateway}} }
        """);

    [Fact]
    public void GatewayOutsideIsReported()
    {
        var d = WithGateway("10.6.0.1").Compile().Diagnostics.Single("EL4008");
        Assert.Equal("10.6.0.1", d.Location.Text());
        Assert.True(d.Names("more.yaml", "10.5.0.0/24"));
    }

    [Theory]
    [InlineData("10.5.0.0", "the network address")]
    [InlineData("10.5.0.255", "the broadcast address")]
    public void TheNetworksOwnOrBroadcastAddressAsGatewayIsReported(string gateway, string what)
    {
        var d = WithGateway(gateway).Compile().Diagnostics.Single("EL4008");
        Assert.Equal(gateway, d.Location.Text());
        Assert.Equal($"gateway {gateway} of network 'guests' (10.5.0.0/24) is {what}, which no router can have", d.Message);
        Assert.Equal("use the router's own address, between 10.5.0.1 and 10.5.0.254", d.Help);
    }

    [Fact]
    public void OnAPointToPointNetworkBothAddressesAreARoutersAndIpv6HasNoBroadcast()
    {
        TestSite.Minimal().File("more.yaml", "networks:\n  p2p: { cidr: 10.5.0.0/31, gateway: 10.5.0.0 }\n").Compile().Diagnostics.None("EL4008");
        TestSite.Minimal().File("more.yaml", "networks:\n  v6: { cidr: \"fd00:5::/64\", gateway: \"fd00:5::ffff:ffff:ffff:ffff\" }\n").Compile().Diagnostics.None("EL4008");
    }

    [Fact]
    public void GatewayInsideIsClean() => WithGateway("10.5.0.1").Compile().Diagnostics.None("EL4008");
}
