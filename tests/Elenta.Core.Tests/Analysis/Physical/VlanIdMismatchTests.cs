namespace Elenta.Core.Tests.Analysis.Physical;

/// <summary>EL7014: an address on a VLAN interface that tags another VLAN than its network's.</summary>
public class VlanIdMismatchTests
{
    /// <summary>beta with a VLAN interface (id <paramref name="tag"/>) carrying its address on srv (VLAN 20), and an alias of it.</summary>
    private static TestSite Beta(int tag, string on = "eth0.srv") => TestSite.Minimal().File("srv.yaml", $$"""
        networks:
          srv: { cidr: 10.20.0.0/24, vlan: 20 }
        cadaster:
          compute:
            beta:
              interfaces:
                eth0.srv: { vlan: {{tag}}, parent: eth0 }
                eth0.srv_b: { alias: eth0.srv }
              canon: { srv: { ip: 10.20.0.3, interface: {{on}} } }
        """);

    [Fact]
    public void AVlanInterfaceTaggingAnotherVlanIsAnErrorAtItsVlan()
    {
        var d = Beta(30).Compile().Diagnostics.Single("EL7014");
        Assert.True(d.IsError);
        Assert.Equal("srv.yaml", Path.GetFileName(d.Location.File()));
        Assert.Equal("30", SpanText.Of(d));
        Assert.Equal("beta's eth0.srv tags VLAN 30, but address 'srv' on eth0.srv is on network 'srv', VLAN 20", d.Message);
        Assert.Equal("make eth0.srv 'vlan: 20', or network 'srv' 'vlan: 30' if that is the one the switches carry", d.Help);
        Assert.Equal(["srv", "20"], SpanText.Related(d));
    }

    [Fact]
    public void AnAddressOnAnAliasIsCheckedOnItsVlanInterface()
    {
        var d = Beta(30, on: "eth0.srv_b").Compile().Diagnostics.Single("EL7014");
        Assert.Contains("address 'srv' on eth0.srv_b (an alias of eth0.srv)", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameVlanAndAnUntaggedInterfaceAreFine()
    {
        Beta(20).Compile().Diagnostics.None("EL7014");
        // An address on an untagged NIC of a network with a VLAN: the switch port tags it (EL7006 checks that).
        TestSite.Minimal().File("vlan.yaml", "networks: { lab: { vlan: 10 } }\n").Compile().Diagnostics.None("EL7014");
    }
}
