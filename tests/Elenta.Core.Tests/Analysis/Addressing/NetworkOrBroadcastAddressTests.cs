
namespace Elenta.Core.Tests.Analysis.Addressing;

public class NetworkOrBroadcastAddressTests
{
    private static TestSite WithGuest(string network, string ip) => TestSite.Minimal().File("more.yaml", $$"""
        networks:
          p2p: { cidr: 10.9.0.0/31 }
        constellations:
          app:
            machines:
              beta:
                vms:
                  edge: { role: web, address: { network: {{network}}, ip: {{ip}} } }
        """);

    [Theory]
    [InlineData("10.0.0.255", "broadcast")]
    [InlineData("10.0.0.0", "network address")]
    public void NetworkAndBroadcastAddressesAreReported(string ip, string what)
    {
        var d = WithGuest("lab", ip).Compile().Diagnostics.Single("EL4003");
        Assert.Equal(ip, d.Location.Text());
        Assert.Contains(what, d.Message);
        Assert.True(d.Names("networks.yaml", "10.0.0.0/24"));
    }

    [Fact]
    public void AnOrdinaryHostAddressIsClean() => WithGuest("lab", "10.0.0.254").Compile().Diagnostics.None("EL4003");

    [Fact]
    public void PointToPointNetworksUseBothAddresses() => WithGuest("p2p", "10.9.0.0").Compile().Diagnostics.None("EL4003");
}
