
namespace Elenta.Core.Tests.Analysis.Dns;

public class DanglingCnameTests
{
    private static TestSite WithCname(string target) => TestSite.Minimal().File("zones.yaml", $$"""
        domains:
          example.test:
            nameservers: [alpha, beta]
            records:
              files: { CNAME: {{target}} }
        """);

    [Fact]
    public void ACnameToAMissingNameInAServedZoneIsReported()
    {
        var d = WithCname("nothere").Compile().Diagnostics.Single("EL5004");
        Assert.Equal("nothere", d.Location.Text());
        Assert.Contains("nothere.example.test", d.Message);
        Assert.True(d.Names("zones.yaml", "example.test"), "related names the zone");
    }

    [Fact]
    public void ADottedTargetWithoutTheFinalDotIsRelativeAsInTheZoneFile()
    {
        // The emitter writes targets as master-file text: "www.example.com" is
        // www.example.com.example.test in the published zone, and that is the name checked.
        var d = WithCname("www.example.com").Compile().Diagnostics.Single("EL5004");
        Assert.Contains("www.example.com.example.test", d.Message);
    }

    [Fact]
    public void ACnameIntoTheCanonDomainIsChecked() => WithCname("gamma.canon.").Compile().Diagnostics.Single("EL5004");

    [Theory]
    [InlineData("db")]
    [InlineData("alpha.canon.")]
    [InlineData("www.example.com.")]
    public void ExistingOrForeignTargetsAreClean(string target) => WithCname(target).Compile().Diagnostics.None("EL5004");
}
