
namespace Elenta.Core.Tests.Analysis.Dns;

public class TooFewNameserversTests
{
    private static TestSite WithServers(string servers) => TestSite.Minimal().File("zones.yaml", $$"""
        domains:
          example.test:
            nameservers: [{{servers}}]
        """);

    [Fact]
    public void OneNameserverIsAWarningAtItsName()
    {
        var d = WithServers("alpha").Compile().Diagnostics.Single("EL5008");
        Assert.Equal(Elenta.Core.Diagnostics.Severity.Warning, d.Severity);
        Assert.Equal("alpha", d.Location.Text());
        Assert.True(d.Names("hosts.yaml", "alpha"));
    }

    [Fact]
    public void OneCanonServerIsAWarning()
    {
        var d = TestSite.Minimal().File("elenta.yaml", "site: mini\ndns: { servers: [beta] }\n").Compile().Diagnostics.Single("EL5008");
        Assert.Equal("beta", d.Location.Text());
        Assert.Contains("canon", d.Message);
    }

    [Fact]
    public void TwoNameserversAreClean() => WithServers("alpha, beta").Compile().Diagnostics.None("EL5008");
}
