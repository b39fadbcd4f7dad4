
namespace Elenta.Core.Tests.Analysis.Dns;

public class PrivateTldLeaksUpstreamTests
{
    [Fact]
    public void ADomainUnderAnUnservedUnblockedTldIsReported()
    {
        var d = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\ndns: { blockOutgoing: [canon] }\n")
            .File("zones.yaml", "domains: { lab.corp: { nameservers: [alpha, beta] } }\n")
            .Compile().Diagnostics.Single("EL5010");
        Assert.Equal("lab.corp", d.Location.Text());
        Assert.Contains("'corp'", d.Help);
        var related = Assert.Single(d.Related);
        Assert.EndsWith("elenta.yaml", related.Location.File());
    }

    [Fact]
    public void AMultiLabelCanonDomainIsChecked()
    {
        var d = TestSite.Minimal().File("elenta.yaml", "site: mini\ncanonDomain: canon.lan\n").Compile().Diagnostics.Single("EL5010");
        Assert.Equal("canon.lan", d.Location.Text());
    }

    [Theory]
    [InlineData("site: mini\ndns: { blockOutgoing: [corp] }\n")]
    [InlineData("site: mini\ndns: { blockOutgoing: [lab.corp] }\n")]
    public void ABlockedTldIsClean(string settings) => TestSite.Minimal()
        .File("elenta.yaml", settings)
        .File("zones.yaml", "domains: { lab.corp: { nameservers: [alpha, beta] } }\n")
        .Compile().Diagnostics.None("EL5010");

    [Fact]
    public void AServedTldIsClean() => TestSite.Minimal()
        .File("zones.yaml", "domains: { corp: { nameservers: [alpha, beta] }, lab.corp: { nameservers: [alpha, beta] } }\n")
        .Compile().Diagnostics.None("EL5010");
}
