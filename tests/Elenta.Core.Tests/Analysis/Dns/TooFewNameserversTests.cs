
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

    [Fact]
    public void CheckWarnsAboutAZoneNobodyServesAtTheDomainAndForTheCanonDomain()
    {
        // What the DNS emitter used to warn about as EL9160.
        var diagnostics = TestSite.Minimal().File("zones.yaml", "domains:\n  example.test: {}\n").Compile().Diagnostics
            .Where(d => d.Code == "EL5008").ToList();
        Assert.Equal(2, diagnostics.Count);
        var domain = Assert.Single(diagnostics, d => d.Message.Contains("domain 'example.test'", StringComparison.Ordinal));
        Assert.Equal(Elenta.Core.Diagnostics.Severity.Warning, domain.Severity);
        Assert.EndsWith("zones.yaml", domain.Location.File(), StringComparison.Ordinal);
        Assert.Equal(2, domain.Location!.Value.Start.Line);
        Assert.Equal("example.test", domain.Location.Text());
        Assert.Contains("not built", domain.Message, StringComparison.Ordinal);
        var canon = Assert.Single(diagnostics, d => d.Message.Contains("canon domain 'canon'", StringComparison.Ordinal));
        Assert.Null(canon.Location);
        Assert.Contains("dns.servers", canon.Help, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCanonDomainWithoutServersIsReportedAtDnsWhenThereIsOne()
    {
        var d = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\ndns:\n  ttl: 600\n")
            .File("zones.yaml", "domains:\n  example.test: { nameservers: [] }\n").Compile().Diagnostics
            .Single(d => d.Code == "EL5008" && d.Message.Contains("canon domain", StringComparison.Ordinal));
        Assert.EndsWith("elenta.yaml", d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(2, d.Location!.Value.Start.Line);
    }

    [Fact]
    public void ADomainWithoutNameserversTakesTheCanonServers() =>
        TestSite.Minimal()
            .File("elenta.yaml", "site: mini\ndns: { servers: [alpha, beta] }\n")
            .File("zones.yaml", "domains:\n  example.test: {}\n").Compile().Diagnostics.None("EL5008");

    [Fact]
    public void ASiteWithoutDomainsOrServersIsNotWarned() => TestSite.Minimal().Compile().Diagnostics.None("EL5008");
}
