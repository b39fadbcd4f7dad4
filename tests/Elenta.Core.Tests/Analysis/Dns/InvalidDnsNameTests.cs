
namespace Elenta.Core.Tests.Analysis.Dns;

public class InvalidDnsNameTests
{
    private static TestSite WithRecord(string name) => TestSite.Minimal().File("zones.yaml", $$"""
        domains:
          example.test:
            nameservers: [alpha, beta]
            records:
              "{{name}}": { TXT: "x" }
        """);

    [Theory]
    [InlineData("has space", "' '")]
    [InlineData("a..b", "empty label")]
    [InlineData("-edge", "'-'")]
    [InlineData("x.*", "wildcard")]
    public void BadRecordNamesAreReported(string name, string why)
    {
        var d = WithRecord(name).Compile().Diagnostics.Single("EL5006");
        Assert.Equal($"\"{name}\"", d.Location.Text());
        Assert.Contains(why, d.Message);
    }

    [Fact]
    public void LabelsOver63CharactersAreReported() =>
        Assert.Contains("64 characters", WithRecord(new string('a', 64)).Compile().Diagnostics.Single("EL5006").Message);

    [Fact]
    public void NamesOver253CharactersAreReported()
    {
        var label = new string('a', 60);
        var d = WithRecord($"{label}.{label}.{label}.{label}").Compile().Diagnostics.Single("EL5006");
        Assert.Contains("253", d.Message);
    }

    [Theory]
    [InlineData("_dmarc")]
    [InlineData("_sip._tcp")]
    [InlineData("*")]
    [InlineData("*.lab")]
    [InlineData("ok-name.sub")]
    public void ValidRecordNamesAreClean(string name) => WithRecord(name).Compile().Diagnostics.None("EL5006");
}
