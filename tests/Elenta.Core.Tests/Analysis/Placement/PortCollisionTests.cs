
namespace Elenta.Core.Tests.Analysis.Placement;

public class PortCollisionTests
{
    private static TestSite WithProxy(string placement) => TestSite.Minimal()
        .File("more.yaml", $$"""
            roles:
              proxy: { services: { front: { port: tcp/80 } } }
            constellations:
              edge: { machines: { alpha: { {{placement}} } } }
            """);

    [Fact]
    public void TwoHostConfigRolesOnOnePortCollideAcrossConstellations()
    {
        var d = WithProxy("hostConfig: { gw: { role: proxy } }").Compile().Diagnostics.Single("EL6002");
        Assert.Equal("gw", SpanText.Of(d));
        Assert.Contains("tcp/80", d.Message);
        Assert.Contains("'www'", d.Message);
        Assert.Equal(["www", "tcp/80", "tcp/80"], SpanText.Related(d));
    }

    [Fact]
    public void ContainerWithoutAddressSharesTheHostsPorts()
    {
        var d = WithProxy("containers: { gw: { role: proxy } }").Compile().Diagnostics.Single("EL6002");
        Assert.Equal("gw", SpanText.Of(d));
    }

    [Fact]
    public void ContainerWithItsOwnAddressIsItsOwnMachine()
    {
        WithProxy("""containers: { gw: { role: proxy, address: { network: lab, ip: 10.0.0.30 }, ssh: { hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJcWU29iyB/hPnwhyIB6+W/ZP2d+kF5TgXoNK3KpW80r" } } }""")
            .Compile().Diagnostics.Clean();
    }

    [Fact]
    public void TheSameRolePlacedTwiceOnTheHostMergesAndDoesNotCollide()
    {
        TestSite.Minimal()
            .File("more.yaml", "constellations: { other: { machines: { alpha: { hostConfig: { www2: { role: web } } } } } }")
            .Compile().Diagnostics.Clean();
    }
}
