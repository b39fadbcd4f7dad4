
namespace Elenta.Core.Tests.Analysis.Dns;

public class BareDomainRedirectUnreachableTests
{
    /// <summary>The minimal site's app constellation, redirecting its bare domain to www (served by alpha, 10.0.0.2).</summary>
    private static TestSite WithApex(string? apex) => TestSite.Minimal()
        .File("proxy.yaml", """
            roles:
              front: { proxy: { www: { port: 8080 } } }
            constellations:
              app:
                redirectBareTo: www
                machines:
                  alpha: { hostConfig: { front: { role: front } } }
            """)
        .File("zones.yaml", $$"""
            domains:
              example.test:
                nameservers: [alpha, beta]
                records: { {{(apex is null ? "ns1: { A: 10.0.0.2 }" : $"\"@\": {{ A: {apex} }}")}} }
            """);

    [Fact]
    public void AnApexAddressOfAnotherMachineIsReported()
    {
        var d = WithApex("10.0.0.3").Compile().Diagnostics.Single("EL5011");
        Assert.Equal("10.0.0.3", d.Location.Text());
        Assert.Contains("'alpha'", d.Message);
        Assert.True(d.Names("proxy.yaml", "www"));
    }

    [Fact]
    public void AnApexAddressOfTheServingMachineIsClean() => WithApex("10.0.0.2").Compile().Diagnostics.None("EL5011");

    [Fact]
    public void AnApexAtTheServingMachinesBmcIsReported() => WithApex("10.0.0.40")
        .File("bmc.yaml", "cadaster: { compute: { alpha: { bmc: { network: lab, ip: 10.0.0.40 } } } }\n")
        .Compile().Diagnostics.Single("EL5011");

    [Fact]
    public void NoExplicitApexIsClean() => WithApex(null).Compile().Diagnostics.None("EL5011");
}
