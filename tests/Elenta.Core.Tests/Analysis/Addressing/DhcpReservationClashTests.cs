namespace Elenta.Core.Tests.Analysis.Addressing;

/// <summary>EL4014 from check: what DHCP cannot reserve, and no second report of what EL4001 already says.</summary>
public class DhcpReservationClashTests
{
    [Fact]
    public void TwoMachinesOnOneAddressAreEl4001sAlone()
    {
        var diagnostics = TestSite.Minimal().File("zz.yaml", """
            constellations:
              app:
                machines:
                  beta:
                    vms: { db2: { role: database, address: { network: lab, ip: 10.0.0.20 }, mac: "02:00:00:00:01:02" } }
            """).Compile().Diagnostics;
        diagnostics.Single("EL4001");
        diagnostics.None("EL4014");
    }

    [Fact]
    public void TwoGuestsWithOneMacAreEl4009sAlone()
    {
        var diagnostics = TestSite.Minimal().File("zz.yaml", """
            constellations:
              app:
                machines:
                  beta:
                    vms: { db2: { role: database, address: { network: lab, ip: 10.0.0.21 }, mac: "02:00:00:00:01:01" } }
            """).Compile().Diagnostics;
        diagnostics.Single("EL4009");
        diagnostics.None("EL4014");
    }

    [Fact]
    public void ASharedAddressIsReservedForTheFirstHolderOnlyAndCheckSaysSo()
    {
        var d = TestSite.Minimal().File("zz.yaml", """
            cadaster:
              compute:
                alpha: { interfaces: { eth1: { mac: "02:00:00:00:00:11" } }, canon: { vip: { network: lab, ip: 10.0.0.50, interface: eth1, shared: true } } }
                beta: { interfaces: { eth1: { mac: "02:00:00:00:00:12" } }, canon: { vip: { network: lab, ip: 10.0.0.50, interface: eth1, shared: true } } }
            """).Compile().Diagnostics.Single("EL4014");
        Assert.EndsWith("zz.yaml", d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(4, d.Location!.Value.Start.Line);
        Assert.Contains("address 10.0.0.50 is claimed by vip.alpha (eth1) and by vip.beta (eth1)", d.Message, StringComparison.Ordinal);
    }
}
