
namespace Elenta.Core.Tests.Analysis.Dns;

public class TargetIsCnameTests
{
    private static TestSite WithMx(string target, string separator = " ") => TestSite.Minimal().File("zones.yaml", $$"""
        domains:
          example.test:
            nameservers: [alpha, beta]
            records:
              "@": { MX: "10{{separator}}{{target}}" }
              mail: { CNAME: db }
        """);

    [Fact]
    public void AnMxToACnameIsReportedNamingTheCname()
    {
        var d = WithMx("mail").Compile().Diagnostics.Single("EL5005");
        Assert.Equal("\"10 mail\"", d.Location.Text());
        Assert.Contains("db.example.test", d.Help);
        Assert.True(d.Names("zones.yaml", "db"));
    }

    [Fact]
    public void FieldsSeparatedByATabAreReadAsInAZoneFile()
    {
        // The schema accepts "10<TAB>mail" (MX fields may be separated by tabs); the target is still mail.
        var d = WithMx("mail", "\t").Compile().Diagnostics.Single("EL5005");
        Assert.Contains("'mail.example.test'", d.Message);
    }

    [Fact]
    public void AnMxToAnAddressIsClean() => WithMx("alpha.canon.").Compile().Diagnostics.None("EL5005");

    [Fact]
    public void AnMxToAnInstanceIsACnameToo() => WithMx("db").Compile().Diagnostics.Single("EL5005");
}
