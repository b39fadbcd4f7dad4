
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

    [Fact]
    public void GatewayInsideIsClean() => WithGateway("10.5.0.1").Compile().Diagnostics.None("EL4008");
}
