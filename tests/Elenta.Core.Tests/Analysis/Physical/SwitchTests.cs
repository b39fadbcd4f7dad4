
namespace Elenta.Core.Tests.Analysis.Physical;

public class SwitchTests
{
    private static TestSite Cabled(string alphaLink, string betaLink, string port2 = "{ mode: access, vlan: 10 }") => TestSite.Minimal()
        .File("lan.yaml", $$"""
            networks: { lab: { vlan: 10 } }
            cadaster:
              network:
                switches:
                  sw: { ports: 4, portMap: { "1": { mode: access, vlan: 10 }, "2": {{port2}}, "3": { mode: trunk, vlans: [10, 20] } } }
              compute:
                alpha: { interfaces: { eth0: { link: "{{alphaLink}}" } } }
                beta: { interfaces: { eth0: { link: "{{betaLink}}" } } }
            """);

    [Fact]
    public void OnePortCabledTwiceIsReported()
    {
        var d = Cabled("sw:1", "sw:1").Compile().Diagnostics.Single("EL7004");
        Assert.Equal("\"sw:1\"", SpanText.Of(d));
        Assert.Contains("beta:eth0", d.Message);
        Assert.Contains("alpha:eth0", d.Message);
        Assert.Single(d.Related);
    }

    [Fact]
    public void DistinctPortsAreClean() => Cabled("sw:1", "sw:3").Compile().Diagnostics.Clean();

    [Theory]
    [InlineData("sw:5", "ports 1-4")]
    [InlineData("sw:0", "ports 1-4")]
    [InlineData("sw:uplink", "a port is a number")]
    public void APortTheSwitchDoesNotHaveIsReported(string link, string why)
    {
        var d = Cabled("sw:1", link).Compile().Diagnostics.Single("EL7005");
        Assert.Equal($"\"{link}\"", SpanText.Of(d));
        Assert.Contains(why, d.Message);
        Assert.Equal(["4"], SpanText.Related(d));
    }

    [Fact]
    public void AnAccessPortOnAnotherVlanDoesNotCarryTheNetwork()
    {
        var d = Cabled("sw:1", "sw:2", "{ mode: access, vlan: 20 }").Compile().Diagnostics.Single("EL7006");
        Assert.Equal("\"sw:2\"", SpanText.Of(d));
        Assert.Contains("VLAN 10", d.Message);
        Assert.Equal(["\"2\"", "lab", "10"], SpanText.Related(d));
    }

    [Fact]
    public void ATrunkWithoutTheVlanDoesNotCarryIt()
    {
        Cabled("sw:1", "sw:2", "{ mode: trunk, vlans: [20, 30] }").Compile().Diagnostics.Single("EL7006");
    }

    [Fact]
    public void ATrunkCarryingTheVlanIsClean() => Cabled("sw:1", "sw:2", "{ mode: trunk, vlans: [10, 20] }").Compile().Diagnostics.Clean();

    private static TestSite Bonded(string secondSwitch) => TestSite.Minimal()
        .File("lan.yaml", $$"""
            networks: { lab: { vlan: 10 } }
            cadaster:
              network:
                switches:
                  sw-a: { ports: 4, portMap: { "1": { mode: access, vlan: 10 }, "2": { mode: access, vlan: 20 } } }
                  sw-b: { ports: 4, portMap: { "1": { mode: access, vlan: 10 }, "2": { mode: access, vlan: 20 } } }
              compute:
                alpha:
                  interfaces:
                    eth1: { link: "sw-a:1" }
                    eth2: { link: "{{secondSwitch}}" }
                    bond0: { bond: [eth1, eth2], mode: 802.3ad }
                  canon: { lab: { interface: !force bond0 } }
            """);

    [Fact]
    public void BondMembersOnTwoSwitchesAreAWarning()
    {
        var d = Bonded("sw-b:1").Compile().Diagnostics.Single("EL7007");
        Assert.Equal(Elenta.Core.Diagnostics.Severity.Warning, d.Severity);
        Assert.Equal("bond0", SpanText.Of(d));
        Assert.Equal(["\"sw-a:1\"", "\"sw-b:1\""], SpanText.Related(d));
    }

    [Fact]
    public void BondMembersOnOneSwitchAreClean() => Bonded("sw-a:3").Compile().Diagnostics.Clean();

    [Fact]
    public void AnAddressOnABondIsCheckedOnEveryMembersPort()
    {
        var d = Bonded("sw-a:2").Compile().Diagnostics.Single("EL7006");
        Assert.Equal("\"sw-a:2\"", SpanText.Of(d));
        Assert.Contains("through eth2", d.Message);
    }
}
