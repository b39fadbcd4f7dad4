
namespace Elenta.Core.Tests.Analysis.Addressing;

public class MissingAddressOnNeededNetworkTests
{
    private const string Storage = """
        networks:
          storage: { cidr: 10.8.0.0/24 }
        roles:
          nfs:
            needs: [storage]
          iscsi:
            services: { target: { port: tcp/3260, networks: [storage] } }
        """;

    [Fact]
    public void AHostWithoutAnAddressOnANeededNetworkIsReported()
    {
        var d = TestSite.Minimal().File("more.yaml", Storage + """

            constellations:
              app:
                machines:
                  beta:
                    hostConfig: { files: { role: nfs } }
            """).Compile().Diagnostics.Single("EL4011");
        Assert.Equal("nfs", d.Location.Text());
        Assert.Contains("'storage'", d.Message);
        Assert.True(d.Names("more.yaml", "storage"), "related points at needs: [storage]");
    }

    [Fact]
    public void AGuestWhoseServiceListensOnANetworkItIsNotOnIsReported()
    {
        var d = TestSite.Minimal().File("more.yaml", Storage + """

            constellations:
              app:
                machines:
                  beta:
                    vms: { san: { role: iscsi, address: { network: lab, ip: 10.0.0.30 } } }
            """).Compile().Diagnostics.Single("EL4011");
        Assert.Equal("iscsi", d.Location.Text());
        Assert.Contains("service 'target'", d.Message);
    }

    [Fact]
    public void MachinesOnTheNeededNetworkAreClean() => TestSite.Minimal().File("more.yaml", Storage + """

        cadaster:
          compute:
            beta: { canon: { storage: { ip: 10.8.0.3 } } }
        constellations:
          app:
            machines:
              beta:
                hostConfig: { files: { role: nfs } }
                vms: { san: { role: iscsi, address: { network: storage, ip: 10.8.0.30 } } }
        """).Compile().Diagnostics.None("EL4011");
}
