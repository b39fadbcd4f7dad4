
namespace Elenta.Core.Tests.Analysis.Dns;

public class CnameWithOtherDataTests
{
    private static TestSite WithRecords(string records) => TestSite.Minimal().File("zones.yaml", $$"""
        domains:
          example.test:
            nameservers: [alpha, beta]
            records:
        {{records}}
        """);

    [Fact]
    public void CnameNextToAnAddressIsReportedNamingTheOtherRecord()
    {
        var d = WithRecords("      files: { CNAME: db, A: 10.0.0.9 }").Compile().Diagnostics.Single("EL5002");
        Assert.Equal("db", d.Location.Text());
        Assert.True(d.Names("zones.yaml", "10.0.0.9"));
    }

    [Fact]
    public void CnameAtTheApexIsReported()
    {
        var d = WithRecords("      \"@\": { CNAME: www.elsewhere.example. }").Compile().Diagnostics.Single("EL5002");
        Assert.Equal("www.elsewhere.example.", d.Location.Text());
        Assert.Contains("apex", d.Message);
        Assert.Single(d.Related);
    }

    [Fact]
    public void ALoneCnameIsClean() => WithRecords("      files: { CNAME: db }").Compile().Diagnostics.None("EL5002");
}
