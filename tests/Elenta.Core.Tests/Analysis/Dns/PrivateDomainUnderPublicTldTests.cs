
namespace Elenta.Core.Tests.Analysis.Dns;

public class PrivateDomainUnderPublicTldTests
{
    private static TestSite WithDomain(string name, bool isPrivate) => TestSite.Minimal().File("zones.yaml", $$"""
        dns: { blockOutgoing: [internal] }
        domains:
          {{name}}:
            private: {{(isPrivate ? "true" : "false")}}
            nameservers: [alpha, beta]
        """);

    [Fact]
    public void APrivateDomainUnderCityIsAWarningNamingThePrivateFlag()
    {
        var d = WithDomain("emerald.city", true).Compile().Diagnostics.Single("EL5009");
        Assert.Equal(Elenta.Core.Diagnostics.Severity.Warning, d.Severity);
        Assert.Equal("emerald.city", d.Location.Text());
        Assert.True(d.Names("zones.yaml", "true"));
    }

    [Theory]
    [InlineData("emerald.internal", true)]
    [InlineData("emerald.city", false)]
    public void PrivateUseTldsAndPublicDomainsAreClean(string name, bool isPrivate) =>
        WithDomain(name, isPrivate).Compile().Diagnostics.None("EL5009");
}
