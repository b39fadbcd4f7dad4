
namespace Elenta.Core.Tests.Analysis.Addressing;

public class AddressOutsideNetworkTests
{
    private static TestSite WithSwitch(string ip) => TestSite.Minimal().File("switch.yaml", $$"""
        cadaster:
          network:
            switches:
              sw: { ports: 8, management: { network: lab, ip: {{ip}} } }
        """);

    [Fact]
    public void SwitchManagementAddressOutsideItsNetworkIsReported()
    {
        var d = WithSwitch("10.0.1.5").Compile().Diagnostics.Single("EL4002");
        Assert.Equal("10.0.1.5", d.Location.Text());
        Assert.Equal(4, d.Location!.Value.Start.Line);
        Assert.True(d.Names("networks.yaml", "10.0.0.0/24"), "related names the network's CIDR");
    }

    [Fact]
    public void AddressInsideItsNetworkIsClean() => WithSwitch("10.0.0.5").Compile().Diagnostics.None("EL4002");
}
