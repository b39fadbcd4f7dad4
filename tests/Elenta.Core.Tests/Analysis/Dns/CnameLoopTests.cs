
namespace Elenta.Core.Tests.Analysis.Dns;

public class CnameLoopTests
{
    private static TestSite WithRecords(string bTarget) => TestSite.Minimal().File("zones.yaml", $$"""
        domains:
          example.test:
            nameservers: [alpha, beta]
            records:
              a: { CNAME: b }
              b: { CNAME: {{bTarget}} }
        """);

    [Fact]
    public void ATwoNameLoopIsReportedOnceNamingBoth()
    {
        var d = WithRecords("a.example.test.").Compile().Diagnostics.Single("EL5003");
        Assert.Equal("b", d.Location.Text());
        Assert.Equal(5, d.Location!.Value.Start.Line);
        Assert.True(d.Names("zones.yaml", "a.example.test."));
        Assert.Contains("a.example.test -> b.example.test -> a.example.test", d.Message);
    }

    [Fact]
    public void ASelfLoopIsReported() => Assert.Contains("to itself", WithRecords("b").Compile().Diagnostics.Single("EL5003").Message);

    [Fact]
    public void AChainEndingInAnAddressIsClean() => WithRecords("db").Compile().Diagnostics.None("EL5003");
}
