
namespace Elenta.Core.Tests.Analysis.Dns;

public class AddressRecordWithoutPtrTests
{
    private const string Zone = """
        domains:
          example.test:
            nameservers: [alpha, beta]
            records:
              extra: { A: 10.0.0.77 }
              alias: { A: 10.0.0.2 }
              outside: { A: 192.0.2.7 }

        """;

    [Fact]
    public void AnAddressNoPtrCoversIsReportedNamingTheNetwork()
    {
        var d = TestSite.Minimal().File("zones.yaml", Zone).Compile().Diagnostics.Single("EL5007");
        Assert.Equal("10.0.0.77", d.Location.Text());
        Assert.Equal(5, d.Location!.Value.Start.Line);
        Assert.True(d.Names("networks.yaml", "10.0.0.0/24"));
    }

    [Fact]
    public void AnExplicitPtrCoversIt() => TestSite.Minimal().File("zones.yaml", Zone + """
          0.0.10.in-addr.arpa:
            nameservers: [alpha, beta]
            records:
              "77": { PTR: extra.example.test. }
        """).Compile().Diagnostics.None("EL5007");

    [Fact]
    public void ASwitchsManagementAddressHasItsPtrFromTheCanonZone() => TestSite.Minimal()
        .File("zones.yaml", """
            domains:
              example.test:
                nameservers: [alpha, beta]
                records:
                  switch: { A: 10.0.0.250 }
            """)
        .File("switches.yaml", "cadaster: { network: { switches: { sw-a: { ports: 8, management: { network: lab, ip: 10.0.0.250 } } } } }\n")
        .Compile().Diagnostics.None("EL5007");

    [Fact]
    public void ANetworkWithoutReverseDnsIsNotChecked() => TestSite.Minimal()
        .File("zones.yaml", Zone)
        .File("reverse.yaml", "networks: { lab: { reverseDns: false } }\n")
        .Compile().Diagnostics.None("EL5007");
}
