
namespace Elenta.Core.Tests.Analysis.Security;

public class HostKeyTests
{
    private static TestSite WithGamma(string gamma) => TestSite.Minimal()
        .File("gamma.yaml", $$"""
            cadaster:
              compute:
                gamma: {{gamma}}
            constellations: { c: { machines: { gamma: { hostConfig: { g: { role: web } } } } } }
            """);

    [Fact]
    public void ADeployedHostWithoutAHostKeyIsAWarning()
    {
        var d = WithGamma("{ driver: files, ssh: { user: admin } }").Compile().Diagnostics.Single("EL8007");
        Assert.Equal(Elenta.Core.Diagnostics.Severity.Warning, d.Severity);
        Assert.Equal("ssh", SpanText.Of(d));
        Assert.Contains("driver files", d.Message);
        Assert.Equal(["files"], SpanText.Related(d));
    }

    [Fact]
    public void TheDefaultDriverNeedsAKeyToo() => Assert.Equal("gamma", SpanText.Of(WithGamma("{ kind: server }").Compile().Diagnostics.Single("EL8007")));

    [Fact]
    public void AHostNothingIsPlacedOnNeedsNoKey() =>
        TestSite.Minimal().File("gamma.yaml", "cadaster: { compute: { gamma: { kind: server } } }\n").Compile().Diagnostics.Clean();

    [Fact]
    public void AHostElentaDoesNotDeployToNeedsNoKey() => WithGamma("{ driver: none }").Compile().Diagnostics.Clean();

    private static TestSite WithGuest(string ssh) => TestSite.Minimal()
        .File("guest.yaml", $$"""
            constellations: { c: { machines: { beta: { containers: { box: { role: web, address: { network: lab, ip: 10.0.0.40 } {{ssh}} } } } } } }
            """);

    [Fact]
    public void AGuestWithItsOwnAddressAndNoKeyIsAWarning()
    {
        var d = WithGuest(string.Empty).Compile().Diagnostics.Single("EL8008");
        Assert.Equal(Elenta.Core.Diagnostics.Severity.Warning, d.Severity);
        Assert.Equal("box", SpanText.Of(d));
        Assert.Equal(["10.0.0.40"], SpanText.Related(d));
    }

    [Fact]
    public void AGuestWithAKeyIsClean() =>
        WithGuest(""", ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDnamChHvTIaxFLzuvcv0GO0VO3mla4Nezt0EwxLIDl/" }""").Compile().Diagnostics.Clean();

    [Fact]
    public void TheSeverityCanBeTurnedOffPerSite() =>
        WithGuest(string.Empty).File("elenta.yaml", "site: mini\nanalysis: { rules: { EL8008: off } }\n").Compile().Diagnostics.Clean();
}
