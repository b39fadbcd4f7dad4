
namespace Elenta.Core.Tests.Analysis.Dns;

/// <summary>EL5015: a constellation whose domain no zone of the site serves publishes names nobody answers.</summary>
public class UnservedConstellationDomainTests
{
    private const string ExampleTest = "domains: { example.test: { nameservers: [alpha, beta] } }\n";

    private static TestSite Site(string constellationDomain, string? domains = ExampleTest)
    {
        var site = TestSite.Minimal().File("constellations.yaml", $$"""
            constellations:
              app:
                domain: {{constellationDomain}}
                machines:
                  alpha:
                    hostConfig: { www: { role: web } }
            """);
        return domains is null ? site : site.File("zones.yaml", domains);
    }

    [Fact]
    public void ADomainTheSiteDoesNotHaveIsAnErrorAtTheConstellationsDomain()
    {
        var d = Site("apps.internal").Compile().Diagnostics.Single("EL5015");
        Assert.Equal("apps.internal", d.Location.Text());
        Assert.Equal("constellation 'app' publishes its names under apps.internal (www.apps.internal), which is no domain of the site: no zone serves them", d.Message);
        Assert.Equal("add 'apps.internal' to domains: (or use a domain the site has)", d.Help);
        Assert.True(d.Names("zones.yaml", "domains"), "related points at the site's domains");
    }

    [Fact]
    public void ASubdomainOfASiteDomainIsNotInTheParentsZone()
    {
        var d = Site("apps.example.test").Compile().Diagnostics.Single("EL5015");
        Assert.Equal("apps.example.test", d.Location.Text());
        Assert.Equal("constellation 'app' publishes its names under apps.example.test (www.apps.example.test), which is no domain of the site: no zone serves them (the zone of 'example.test' holds only the names of constellations whose domain is 'example.test')", d.Message);
        Assert.Equal("add 'apps.example.test' to domains: (a zone of its own), or use 'example.test'", d.Help);
    }

    [Fact]
    public void TheCanonDomainHoldsOnlyTheMachinesNames()
    {
        var d = Site("canon").Compile().Diagnostics.Single("EL5015");
        Assert.Equal("constellation 'app' publishes its names under canon (www.canon), the canon domain: no zone serves them (its zone holds only the machines' own names)", d.Message);
    }

    [Fact]
    public void ADomainOfTheSiteIsClean()
    {
        var compilation = Site("example.test").Compile();
        Assert.False(compilation.HasErrors, DiagnosticAssertions.Describe(compilation.Diagnostics));
    }

    [Fact]
    public void ADeclaredDomainWithoutAServerIsEL5008sAlone()
    {
        // The domain is the site's, but nobody serves its zone: EL5008 says so, not EL5015.
        var diagnostics = Site("apps.internal", "domains: { apps.internal: {} }\n").Compile().Diagnostics;
        diagnostics.None("EL5015");
        Assert.Contains(diagnostics, d => d.Code == "EL5008" && d.Message.Contains("no name server serves domain 'apps.internal'", StringComparison.Ordinal));
    }

    [Fact]
    public void ASiteThatServesNoZoneIsNotChecked()
    {
        // No domains and no dns.servers: the site does not use Elenta's name servers (as for EL5008).
        TestSite.Minimal().Compile().Diagnostics.None("EL5015");
    }

    [Fact]
    public void DnsServersAloneMakeTheSiteServeZones() =>
        Site("apps.internal", null).File("elenta.yaml", "site: mini\ncanonDomain: canon\ndns: { servers: [alpha, beta] }\n")
            .Compile().Diagnostics.Single("EL5015");
}
