
namespace Elenta.Core.Tests.Analysis.Addressing;

public class AddressOnBondMemberTests
{
    private static TestSite WithAddressOn(string iface) => TestSite.Minimal().File("more.yaml", $$"""
        cadaster:
          compute:
            gamma:
              interfaces:
                eno1: { mac: "02:00:00:00:00:11" }
                eno2: { mac: "02:00:00:00:00:12" }
                bond0: { bond: [eno1, eno2], mode: 802.3ad }
              canon: { lab: { ip: 10.0.0.9, interface: {{iface}} } }
        """);

    [Fact]
    public void AddressOnAMemberIsReportedNamingTheBond()
    {
        var d = WithAddressOn("eno2").Compile().Diagnostics.Single("EL4010");
        Assert.Equal("eno2", d.Location.Text());
        Assert.Contains("bond0", d.Help);
        Assert.True(d.Names("more.yaml", "eno2") && d.Related.Length == 1);
    }

    [Fact]
    public void AddressOnTheBondIsClean() => WithAddressOn("bond0").Compile().Diagnostics.None("EL4010");
}
