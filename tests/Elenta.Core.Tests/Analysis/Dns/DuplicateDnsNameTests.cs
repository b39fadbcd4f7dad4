
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
    public void ARecordNamedLikeAnInstanceIsReportedNamingBoth()
    {
        var d = WithRecord("db").Compile().Diagnostics.Single("EL5001");
        Assert.EndsWith("zones.yaml", d.Location.File());
        Assert.Equal("db", d.Location.Text());
        Assert.Contains("db.example.test", d.Message);
        Assert.True(d.Names("constellations.yaml", "db"), "related names the instance");
    }

    [Fact]
    public void AnAbsoluteRecordNameIsTheSameName()
    {
        var diagnostics = WithRecord("\"db.example.test.\"").Compile().Diagnostics;
        Assert.Contains("db.example.test", diagnostics.Single("EL5001").Message);
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
        Assert.Equal(6, d.Location!.Start.Line);
        Assert.Equal("www", d.Location.Text());
        Assert.Contains("www.example.test", d.Message);
        Assert.True(d.Names("constellations.yaml", "www"), "related names the first instance");
    }
}
