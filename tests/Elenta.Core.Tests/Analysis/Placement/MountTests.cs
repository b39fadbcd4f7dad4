
namespace Elenta.Core.Tests.Analysis.Placement;

public class MountTests
{
    private static TestSite Mounting(string secondPath) => TestSite.Minimal()
        .File("more.yaml", $$"""
            roles:
              files-a: { mounts: [ { path: /srv/data } ] }
              files-b: { mounts: [ { path: {{secondPath}} } ] }
            constellations:
              store: { machines: { beta: { hostConfig: { fa: { role: files-a }, fb: { role: files-b } } } } }
            """);

    [Fact]
    public void TwoRolesMountingOnePathOnOneHostCollide()
    {
        var d = Mounting("/srv/data/").Compile().Diagnostics.Single("EL6003");
        Assert.Equal("/srv/data/", SpanText.Of(d));
        Assert.Equal(["/srv/data", "fa", "fb"], SpanText.Related(d));
    }

    [Fact]
    public void DifferentPathsDoNotCollide() => Mounting("/srv/other").Compile().Diagnostics.Clean();

    private static TestSite Exporting(string secondHost) => TestSite.Minimal()
        .File("more.yaml", $$"""
            cadaster:
              storage:
                disks: { a1: { wwn: "0x5000c500a1b2c3a1", host: alpha } }
                pools: { tank: { host: alpha, disks: [a1], datasets: { share: { mountpoint: /srv/share } } } }
            roles:
              nfs: { mounts: [ { path: /srv/share, dataset: tank/share, export: true } ] }
            constellations:
              one: { machines: { alpha: { hostConfig: { nfs-a: { role: nfs } } } } }
              two: { machines: { {{secondHost}}: { hostConfig: { nfs-b: { role: nfs } } } } }
            """);

    [Fact]
    public void OneDatasetExportedFromTwoHostsIsReported()
    {
        var d = Exporting("beta").Compile().Diagnostics.Single("EL6004");
        Assert.Equal("tank/share", SpanText.Of(d));
        Assert.Contains("'nfs-b'", d.Message);
        Assert.Contains("'nfs-a'", d.Message);
        Assert.Equal(["tank/share", "nfs-a", "nfs-b"], SpanText.Related(d));
    }

    [Fact]
    public void TheSameExportPlacedTwiceOnOneHostIsOneExport() => Exporting("alpha").Compile().Diagnostics.Clean();
}
