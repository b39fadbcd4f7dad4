using Elenta.Core.Tests.Emit.Proxy;

namespace Elenta.Core.Tests.Analysis.Dns;

/// <summary>EL5012, EL5013, EL5014: what stops a proxy entry or the bare-domain redirect from being served, reported by check.</summary>
public class ProxyNameTests
{
    [Fact]
    public void ARedirectToAnEntryNoRoleProxiesIsAWarningAtRedirectBareTo()
    {
        var d = ProxyTestSites.WithProxies(redirectBareTo: "home").Compile().Diagnostics.Single("EL5012");
        Assert.False(d.IsError);
        Assert.EndsWith("constellations.yaml", d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(4, d.Location!.Value.Start.Line);
        Assert.Equal("home", SpanText.Of(d));
        Assert.Contains("home.example.test", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARedirectToAProxiedEntryIsClean() => ProxyTestSites.WithProxies().Compile().Diagnostics.None("EL5012");

    [Fact]
    public void ProxyEntriesInAConstellationWithoutDomainAreAWarningAtTheInstance()
    {
        var d = ProxyTestSites.WithProxies().File("constellations.yaml", """
            constellations:
              nameless:
                machines:
                  alpha: { hostConfig: { one: { role: web } } }
            """).Compile().Diagnostics.Single("EL5013");
        Assert.False(d.IsError);
        Assert.EndsWith("constellations.yaml", d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(4, d.Location!.Value.Start.Line);
        Assert.Equal("one", SpanText.Of(d));
        Assert.Contains("'nameless'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneProxiedRolePlacedTwiceOnOneMachineIsAnErrorDnsCannotSee()
    {
        var diagnostics = ProxyTestSites.WithProxies().File("constellations.yaml", """
            constellations:
              app:
                domain: example.test
                machines:
                  alpha: { hostConfig: { one: { role: web }, two: { role: web } } }
            """).Compile().Diagnostics;
        diagnostics.None("EL5001"); // both names are CNAMEs to alpha: one DNS answer
        var errors = diagnostics.Where(d => d.Code == "EL5014").ToList();
        Assert.Equal(2, errors.Count); // www and api
        Assert.All(errors, d =>
        {
            Assert.True(d.IsError);
            Assert.EndsWith("constellations.yaml", d.Location.File(), StringComparison.Ordinal);
            Assert.Equal(5, d.Location!.Value.Start.Line);
            Assert.Equal("two", SpanText.Of(d));
            Assert.Contains("'one'", d.Message, StringComparison.Ordinal);
            Assert.Equal(["one"], SpanText.Related(d));
        });
    }
}
