
namespace Elenta.Core.Tests.Analysis.Security;

public class NetbootTests
{
    private static TestSite Netbooted(string boot, string extra = "") => TestSite.Minimal()
        .File("elenta.yaml", "site: mini\nnetbootStore: { server: alpha, path: /srv/netboot, baseUrl: http://alpha.canon/netboot }\n")
        .File("boot.yaml", $$"""
            cadaster: { compute: { beta: { boot: {{boot}} } } }
            {{extra}}
            """);

    [Fact]
    public void NetbootWithoutAStoreIsAnError()
    {
        var d = TestSite.Minimal().File("boot.yaml", "cadaster: { compute: { beta: { boot: { mode: netboot } } } }\n").Compile().Diagnostics.Single("EL8009");
        Assert.Equal("netboot", SpanText.Of(d));
        Assert.Contains("netbootStore", d.Help);
    }

    [Fact]
    public void NetbootWithAStoreButNoUrlIsAnError()
    {
        var d = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\nnetbootStore: { path: /srv/netboot }\n")
            .File("boot.yaml", "cadaster: { compute: { beta: { boot: { mode: netboot } } } }\n")
            .Compile().Diagnostics.Single("EL8009");
        Assert.Contains("baseUrl", d.Message);
        Assert.Equal("netbootStore", SpanText.Related(d).Single());
    }

    [Fact]
    public void CheckReportsTheNoStoreErrorAtEachBootModeInItsFile()
    {
        var d = TestSite.Minimal().File("boot.yaml", "cadaster:\n  compute:\n    beta:\n      boot: { mode: netboot }\n").Compile().Diagnostics.Single("EL8009");
        Assert.True(d.IsError);
        Assert.EndsWith("boot.yaml", d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(4, d.Location!.Value.Start.Line);
    }

    [Fact]
    public void ABaseUrlThatIsNotHttpIsOneErrorAtTheUrl()
    {
        var d = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\nnetbootStore:\n  path: /srv/netboot\n  baseUrl: \"toto:/netboot\"\n")
            .File("boot.yaml", "cadaster: { compute: { alpha: { boot: { mode: netboot } }, beta: { boot: { mode: netboot } } } }\n")
            .Compile().Diagnostics.Single("EL8009");
        Assert.True(d.IsError);
        Assert.EndsWith("elenta.yaml", d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(4, d.Location!.Value.Start.Line);
        Assert.Equal("\"toto:/netboot\"", SpanText.Of(d));
        Assert.Contains("'alpha' (and 1 other netbooted machine)", d.Message, StringComparison.Ordinal);
        Assert.Contains("http://", d.Help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://alpha.canon/netboot")]
    [InlineData("https://alpha.canon:8443/netboot/")]
    public void AnHttpBaseUrlIsClean(string url) =>
        TestSite.Minimal() // serve: none: an https store is served by the site itself (EL8040 otherwise)
            .File("elenta.yaml", $"site: mini\nnetbootStore: {{ server: alpha, path: /srv/netboot, baseUrl: \"{url}\", serve: none }}\n")
            .File("boot.yaml", "cadaster: { compute: { beta: { boot: { mode: netboot } } } }\n")
            .Compile().Diagnostics.Clean();

    [Fact]
    public void ABadBaseUrlWithNothingNetbootedIsNotReported() =>
        TestSite.Minimal().File("elenta.yaml", "site: mini\nnetbootStore: { path: /srv/netboot, baseUrl: \"toto:/netboot\" }\n").Compile().Diagnostics.Clean();

    [Fact]
    public void CheckWarnsAboutANetbootedHostWithoutAnyMacAtTheHost()
    {
        var d = TestSite.Minimal()
            .File("elenta.yaml", "site: mini\nnetbootStore: { path: /srv/netboot, baseUrl: http://alpha.canon/netboot }\n")
            .File("boot.yaml", """
                cadaster:
                  compute:
                    gamma:
                      hardware: { cpus: 2, memory: 4GiB, disk: 100GB }
                      boot: { mode: netboot }
                """).Compile().Diagnostics.Single("EL8010");
        Assert.Equal(Elenta.Core.Diagnostics.Severity.Warning, d.Severity);
        Assert.EndsWith("boot.yaml", d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(3, d.Location!.Value.Start.Line);
        Assert.Equal("gamma", SpanText.Of(d));
        Assert.Equal(["netboot"], SpanText.Related(d));
    }

    [Fact]
    public void ANetbootedHostWithAMacIsNotWarnedAbout() => Netbooted("{ mode: netboot }").Compile().Diagnostics.None("EL8010");

    [Fact]
    public void ABiosImageOverFourGibIsAnError()
    {
        var d = Netbooted("{ mode: netboot, firmware: bios, imageSize: 5GiB }").Compile().Diagnostics.Single("EL8001");
        Assert.Equal("5GiB", SpanText.Of(d));
        Assert.Equal(["bios"], SpanText.Related(d));
    }

    [Theory]
    [InlineData("{ mode: netboot, firmware: bios, imageSize: 1800MiB }")]
    [InlineData("{ mode: netboot, firmware: uefi, imageSize: 5GiB }")]
    [InlineData("{ mode: disk, firmware: bios, imageSize: 5GiB }")]
    public void SmallImagesUefiAndDiskBootAreClean(string boot) => Netbooted(boot).Compile().Diagnostics.Clean();

    private const string BigRoles = """
        roles: { store: { resources: { disk: 3GiB } } }
        constellations: { c: { machines: { beta: { hostConfig: { s1: { role: store }, s2: { role: web } } } } } }
        """;

    [Fact]
    public void UnknownSizeWithLargeRolesIsAWarning()
    {
        var d = Netbooted("{ mode: netboot, firmware: bios }", BigRoles).Compile().Diagnostics.Single("EL8002");
        Assert.Equal(Elenta.Core.Diagnostics.Severity.Warning, d.Severity);
        Assert.Equal("netboot", SpanText.Of(d));
        Assert.Equal(["3GiB", "10GiB"], SpanText.Related(d));
    }

    [Fact]
    public void AKnownSizeSettlesIt() => Netbooted("{ mode: netboot, firmware: bios, imageSize: 1GiB }", BigRoles).Compile().Diagnostics.Clean();

    [Fact]
    public void BiosNetbootOnAnUntrustedNetworkIsAWarning()
    {
        var d = Netbooted("{ mode: netboot, firmware: bios, imageSize: 1GiB }", "networks: { lab: { untrusted: true } }").Compile().Diagnostics.Single("EL8003");
        Assert.Equal("bios", SpanText.Of(d));
        Assert.Equal(["true", "lab"], SpanText.Related(d));
    }

    [Fact]
    public void UefiNetbootOnAnUntrustedNetworkIsClean() =>
        Netbooted("{ mode: netboot, firmware: uefi }", "networks: { lab: { untrusted: true } }").Compile().Diagnostics.Clean();
}
