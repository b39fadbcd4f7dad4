
namespace Elenta.Core.Tests.Analysis.Dns;

public class DuplicateDnsNameTests
{
    private static TestSite WithRecord(string name) => TestSite.Minimal().File("zones.yaml", $$"""
        domains:
          example.test:
            nameservers: [alpha, beta]
            records:
              {{name}}: { TXT: "hello" }
        """);

    [Fact]
    public void ARecordNamedLikeAnInstanceWinsWithoutAClash()
    {
        // Explicit records win over generated ones (docs/dns.md): the instance's CNAME is not published.
        var compilation = WithRecord("db").Compile();
        compilation.Diagnostics.None("EL5001");
        var artifacts = EmitterRuns.Run(new Elenta.Core.Emit.Dns.DnsEmitter(), Elenta.Core.Emit.EmitContext.ForTests(compilation.Resolved!, new DateOnly(2026, 5, 11))).Artifacts;
        var zone = System.Text.Encoding.UTF8.GetString(artifacts.Single(a => a.Path == "dns/zones/example.test.zone").Content);
        Assert.Contains("db  IN TXT \"hello\"", zone);
        Assert.DoesNotContain("db  IN CNAME", zone);
    }

    [Fact]
    public void AnAbsoluteRecordNameIsTheSameName()
    {
        var diagnostics = WithRecord("\"db.example.test.\"").Compile().Diagnostics;
        diagnostics.None("EL5001");
        diagnostics.None("EL5006");
    }

    [Fact]
    public void AVmNamedLikeAHostCollidesInTheCanonDomain()
    {
        var d = TestSite.Minimal().File("more.yaml", """
            constellations:
              other:
                machines:
                  alpha:
                    vms: { beta: { role: web, address: { network: lab, ip: 10.0.0.40 } } }
            """).Compile().Diagnostics.Single("EL5001");
        Assert.Equal("beta", d.Location.Text());
        Assert.Contains("beta.canon", d.Message);
        Assert.True(d.Names("hosts.yaml", "beta"));
    }

    [Fact]
    public void ASwitchNamedLikeAHostCollidesInTheCanonDomain()
    {
        // The canon zone publishes a switch's management name; analysis used not to claim it, so
        // beta.canon went out with two addresses and no one said so.
        var d = TestSite.Minimal().File("switches.yaml", """
            cadaster:
              network:
                switches:
                  beta: { ports: 8, management: { network: lab, ip: 10.0.0.250 } }
            """).Compile().Diagnostics.Single("EL5001");
        Assert.Contains("'beta.canon' is published by switch 'beta', but host 'beta' already publishes it", d.Message);
        Assert.EndsWith("switches.yaml", d.Location.File());
        Assert.Equal("management", d.Location.Text());
        Assert.True(d.Names("hosts.yaml", "beta"));
    }

    [Fact]
    public void DistinctNamesAreClean() => WithRecord("hello").Compile().Diagnostics.None("EL5001");

    [Fact]
    public void CheckReportsTwoGeneratedNamesWithDifferentTargetsAtTheSecondInstance()
    {
        // What the DNS emitter used to warn about as EL9161: one instance name in two constellations
        // of one domain, on two machines.
        var d = TestSite.Minimal().File("second.yaml", """
            constellations:
              other:
                domain: example.test
                machines:
                  beta:
                    hostConfig: { www: { role: web } }
            """).Compile().Diagnostics.Single("EL5001");
        Assert.True(d.IsError);
        Assert.EndsWith("second.yaml", d.Location.File());
        Assert.Equal(6, d.Location!.Value.Start.Line);
        Assert.Equal("www", d.Location.Text());
        Assert.Contains("www.example.test", d.Message);
        Assert.True(d.Names("constellations.yaml", "www"), "related names the first instance");
    }
}
