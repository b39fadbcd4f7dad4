namespace Elenta.Core.Tests.Analysis.Addressing;

/// <summary>EL4012: one warning per instance whose machine has no address, from check, naming what the build leaves out.</summary>
public class MachineWithoutAddressTests
{
    private static IReadOnlyList<Elenta.Core.Diagnostics.Diagnostic> Check(string guests) => TestSite.Minimal()
        .File("roles-extra.yaml", """
            roles:
              proxied: { proxy: { app: { port: 8080 } } }
              scraped: { metrics: [ { port: 9100, job: node } ] }
              both: { proxy: { shop: { port: 8080 } }, metrics: [ { port: 9187, job: pg } ] }
            """)
        .File("guests.yaml", "constellations:\n  c:\n    domain: c.test\n    machines:\n      beta:\n" + guests)
        .Compile().Diagnostics;

    [Fact]
    public void AProxiedAndScrapedContainerWithoutAddressIsOneWarningAtTheInstance()
    {
        var d = Check("        containers: { floating: { role: both } }\n").Single("EL4012");
        Assert.Equal(Elenta.Core.Diagnostics.Severity.Warning, d.Severity);
        Assert.EndsWith("guests.yaml", d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(6, d.Location!.Value.Start.Line);
        Assert.Equal("floating", SpanText.Of(d));
        Assert.Contains("container 'floating' (constellation 'c') has no address, so nginx does not proxy its entries and Prometheus does not scrape it", d.Message, StringComparison.Ordinal);
        Assert.Contains("address: { network: ..., ip: ... }", d.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void AVmWithoutAddressGetsNoInterface()
    {
        var d = Check("        vms: { island: { role: scraped, resources: { cpus: 1, memory: 1GiB, disk: 1GiB } } }\n").Single("EL4012");
        Assert.Equal("island", SpanText.Of(d));
        Assert.Contains("its libvirt domain gets no network interface and Prometheus does not scrape it", d.Message, StringComparison.Ordinal);
        Assert.Contains("and a mac", d.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void AHostConfigInstanceOnAHostWithoutCanonAddressNamesTheHost()
    {
        var d = TestSite.Minimal()
            .File("gamma.yaml", """
                cadaster: { compute: { gamma: { hardware: { cpus: 2, memory: 4GiB, disk: 100GB } } } }
                roles: { scraped: { metrics: [ { port: 9100, job: node } ] } }
                constellations: { g: { machines: { gamma: { hostConfig: { exporter: { role: scraped } } } } } }
                """)
            .Compile().Diagnostics.Single("EL4012");
        Assert.Equal("exporter", SpanText.Of(d));
        Assert.Contains("runs on host 'gamma', which has no canon address, so Prometheus does not scrape it", d.Message, StringComparison.Ordinal);
        Assert.Contains("canon:", d.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void AContainerWithoutAddressThatNothingReachesIsClean() =>
        Check("        containers: { quiet: { role: web } }\n").None("EL4012");

    [Fact]
    public void AGuestWithAnAddressIsClean() =>
        Check("        containers: { pg: { role: both, address: { network: lab, ip: 10.0.0.40 } } }\n").None("EL4012");

    [Fact]
    public void BuildNoLongerReportsItSoTheWarningIsNotDoubled()
    {
        var codes = Elenta.Core.Diagnostics.DiagnosticCatalog.Descriptors.Where(d => d.ReplacedBy == "EL4012").Select(d => d.Code).Order(StringComparer.Ordinal);
        Assert.Equal(["EL9041", "EL9080", "EL9122"], codes);
    }
}
