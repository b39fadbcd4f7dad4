
namespace Elenta.Core.Tests.Analysis.Dns;

/// <summary>
/// EL5004 for MX, SRV and NS targets: a full name written without its final dot is relative in
/// the zone file (mail.example.org.example.test), which nothing publishes; a real relative target
/// the zone has ("10 mail") is not reported. DanglingCnameTests has the CNAME side.
/// </summary>
public class DanglingTargetTests
{
    private static TestSite With(string records) => TestSite.Minimal().File("zones.yaml", $$"""
        domains:
          example.test:
            nameservers: [alpha, beta]
            records:
              {{records}}
              mail: { A: 10.0.0.25 }
              sip: { A: 10.0.0.26 }
              ns1.sub: { A: 10.0.0.27 }
        """);

    [Theory]
    [InlineData("\"@\": { MX: \"10 mail.example.org\" }", "\"10 mail.example.org\"", "MX", "mail.example.org.example.test", "'10 mail.example.org.'")]
    [InlineData("_sip._tcp: { SRV: \"0 5 5060 sip.example.org\" }", "\"0 5 5060 sip.example.org\"", "SRV", "sip.example.org.example.test", "'0 5 5060 sip.example.org.'")]
    [InlineData("sub: { NS: [ns1.example.org] }", "ns1.example.org", "NS", "ns1.example.org.example.test", "'ns1.example.org.'")]
    [InlineData("\"@\": { MX: \"10 mail.example.test\" }", "\"10 mail.example.test\"", "MX", "mail.example.test.example.test", "'10 mail.example.test.'")]
    public void AFullNameWithoutTheFinalDotIsReportedAtTheValue(string record, string value, string type, string relative, string fixedValue)
    {
        var d = With(record).Compile().Diagnostics.Single("EL5004");
        Assert.Equal(value, d.Location.Text());
        Assert.Contains($"the {type} record of", d.Message);
        Assert.Contains($"'{relative}', which zone 'example.test' does not have", d.Message);
        Assert.Contains(fixedValue, d.Help);
        Assert.Contains("final dot", d.Help);
        Assert.True(d.Names("zones.yaml", "example.test"), "related names the zone");
    }

    [Fact]
    public void EachMistakenValueOfAListIsReportedAtItself()
    {
        var diagnostics = With("\"@\": { MX: [\"10 mail\", \"20 backup.example.org\"], NS: [ns1.sub, ns2.example.org] }").Compile().Diagnostics
            .Where(d => d.Code == "EL5004").Select(d => d.Location.Text()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["\"20 backup.example.org\"", "ns2.example.org"], diagnostics);
    }

    [Fact]
    public void AMissingSingleLabelTargetIsReportedWithoutTheDotAdvice()
    {
        var d = With("\"@\": { MX: \"10 post\" }").Compile().Diagnostics.Single("EL5004");
        Assert.Contains("'post.example.test'", d.Message);
        Assert.DoesNotContain("final dot", d.Help);
    }

    [Fact]
    public void AnAbsoluteTargetIntoAServedZoneIsChecked() =>
        With("\"@\": { MX: \"10 gamma.canon.\" }").Compile().Diagnostics.Single("EL5004");

    [Theory]
    [InlineData("\"@\": { MX: \"10 mail\" }")]                          // relative: mail.example.test, which the zone has
    [InlineData("\"@\": { MX: \"10\tmail\" }")]
    [InlineData("\"@\": { MX: \"10 mail.example.test.\" }")]
    [InlineData("\"@\": { MX: \"10 mail.example.org.\" }")]             // outside the site's zones: not checked
    [InlineData("\"@\": { MX: \"0 .\" }")]                              // null MX (RFC 7505)
    [InlineData("\"@\": { MX: \"10 alpha.canon.\" }")]
    [InlineData("_sip._tcp: { SRV: \"0 5 5060 sip\" }")]
    [InlineData("_sip._tcp: { SRV: \"0 5 5060 sip.example.org.\" }")]
    [InlineData("sub: { NS: [ns1.sub] }")]                             // relative, with its glue
    [InlineData("sub: { NS: [ns1.example.org.] }")]
    [InlineData("\"@\": { MX: \"10 www\" }")]                          // the instance www of constellation app
    public void RealRelativeAbsoluteOrForeignTargetsAreClean(string record) => With(record).Compile().Diagnostics.None("EL5004");
}
