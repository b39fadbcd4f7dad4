
namespace Elenta.Core.Tests.Analysis.Addressing;

public class DuplicateMacAddressTests
{
    [Fact]
    public void AVmCopyingAHostsMacIsReportedNamingBoth()
    {
        var d = TestSite.Minimal().File("more.yaml", """
            constellations:
              app:
                machines:
                  beta:
                    vms:
                      copy: { role: web, mac: "02:00:00:00:00:02" }
            """).Compile().Diagnostics.Single("EL4009");
        Assert.EndsWith("more.yaml", d.Location.File());
        Assert.Equal("\"02:00:00:00:00:02\"", d.Location.Text());
        Assert.True(d.Names("hosts.yaml", "\"02:00:00:00:00:02\""));
    }

    [Fact]
    public void MembersOfOneBondMayShareAMac() => TestSite.Minimal().File("more.yaml", """
        cadaster:
          compute:
            gamma:
              interfaces:
                eno1: { mac: "02:00:00:00:00:09" }
                eno2: { mac: "02:00:00:00:00:09" }
                bond0: { bond: [eno1, eno2] }
                bond0.20: { vlan: 20, parent: bond0, mac: "02:00:00:00:00:09" }
              canon: { lab: { ip: 10.0.0.9, interface: bond0 } }
        """).Compile().Diagnostics.None("EL4009");

    [Fact]
    public void MembersOfDifferentBondsMayNot() => TestSite.Minimal().File("more.yaml", """
        cadaster:
          compute:
            gamma:
              interfaces:
                eno1: { mac: "02:00:00:00:00:09" }
                eno2: { mac: "02:00:00:00:00:09" }
                bond0: { bond: [eno1] }
                bond1: { bond: [eno2] }
        """).Compile().Diagnostics.Single("EL4009");
}
