using Elenta.Core.Diagnostics;

namespace Elenta.Core.Tests.Analysis.Physical;

/// <summary>What would make format-disks address a disk other than by WWN, or not build a pool, is reported by check, at the right line.</summary>
public class PoolTests
{
    private const string Disks = """
        cadaster:
          storage:
            disks:
              d1: { wwn: "0x5000c500000000a1", host: alpha, size: 4TB }
              d2: { wwn: "0x5000c500000000a2", host: alpha }
              d3: { wwn: "0x5000c500000000a3", host: beta }
              nowwn: { device: /dev/disk/by-path/pci-0000:00:1f.2-ata-3, host: alpha }
        """;

    /// <summary>pools.yaml: line 1 "cadaster:", 2 "storage:", 3 "pools:", then one pool per line from line 4.</summary>
    private static IReadOnlyList<Diagnostic> Check(params string[] pools) =>
        TestSite.Minimal().File("disks.yaml", Disks)
            .File("pools.yaml", "cadaster:\n  storage:\n    pools:\n" + string.Concat(pools.Select(p => "      " + p + "\n")))
            .Compile().Diagnostics;

    private static void At(Diagnostic d, string file, int line, string text)
    {
        Assert.True(d.IsError, d.Message);
        Assert.EndsWith(file, d.Location.File(), StringComparison.Ordinal);
        Assert.Equal(line, d.Location!.Value.Start.Line);
        Assert.Equal(text, SpanText.Of(d));
    }

    [Fact]
    public void AValidPoolIsClean() => Check("tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, d2] }").Clean();

    [Theory]
    [InlineData("/dev/sdb", "a kernel name")]
    [InlineData("/dev/disk/by-path/pci-0000:00:1f.2-ata-1", "device path;")]
    [InlineData("/dev/disk/by-id/wwn-nothex", "device path;")]
    public void ADevicePathInAPoolIsAnErrorAtThatItem(string path, string says)
    {
        var diagnostics = Check($"tank: {{ host: alpha, type: zfs, layout: mirror, disks: [d1, \"{path}\"] }}");
        var d = diagnostics.Single("EL7011");
        At(d, "pools.yaml", 4, $"\"{path}\"");
        Assert.Contains(says, d.Message, StringComparison.Ordinal);
        diagnostics.None("EL7010");
    }

    [Fact]
    public void AByIdWwnPathIsAccepted() =>
        Check("tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, /dev/disk/by-id/wwn-0x5000c500000000ff] }").Clean();

    [Fact]
    public void ADiskWithoutWwnIsAnErrorAtTheDisk()
    {
        var d = Check("tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, nowwn] }").Single("EL7011");
        At(d, "disks.yaml", 7, "nowwn");
        Assert.Contains("by-path", d.Message, StringComparison.Ordinal);
        Assert.True(d.Names("pools.yaml", "nowwn"));
    }

    [Fact]
    public void ADiskFromAnotherHostIsAnErrorAtTheItem()
    {
        var d = Check("tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, d3] }").Single("EL7008");
        At(d, "pools.yaml", 4, "d3");
        Assert.Contains("installed in host 'beta'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADiskInTwoPoolsIsAnErrorAtTheSecond()
    {
        var d = Check("a: { host: alpha, type: zfs, disks: [d1] }", "b: { host: alpha, type: zfs, disks: [d2, d1], layout: mirror }").Single("EL7008");
        At(d, "pools.yaml", 5, "d1");
        Assert.Contains("'a'", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADiskNamedInOnePoolAndGivenByItsWwnPathInAnotherIsAnError()
    {
        var d = Check("a: { host: alpha, type: zfs, disks: [d1] }", "b: { host: alpha, type: zfs, disks: [/dev/disk/by-id/wwn-0x5000c500000000a1] }").Single("EL7008");
        At(d, "pools.yaml", 5, "/dev/disk/by-id/wwn-0x5000c500000000a1");
        Assert.Contains("as 'd1' (the same WWN)", d.Message, StringComparison.Ordinal);
    }

    // The VM db (on alpha) gets the zvol tank/vms/db when tank, on alpha, has a vms dataset.
    [Theory]
    [InlineData("vms/db", "has the name of the zvol format-disks creates for VM 'db' on 'alpha' (tank/vms/db)")]
    [InlineData("vms/db/logs", "is under the zvol format-disks creates for VM 'db' on 'alpha' (tank/vms/db): a zvol holds no datasets")]
    public void ADatasetWhereAVmsZvolGoesIsAnErrorAtTheDataset(string dataset, string says)
    {
        var d = Check($"tank: {{ host: alpha, type: zfs, layout: mirror, disks: [d1, d2], datasets: {{ vms: {{}}, {dataset}: {{}} }} }}").Single("EL7012");
        At(d, "pools.yaml", 4, dataset);
        Assert.Contains(says, d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, d2], datasets: { vms: {}, vms/dbx: {}, db: {} } }")]
    [InlineData("tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, d2], datasets: { vms/db: {} } }")] // no vms dataset: db's disk is a qcow2 image
    [InlineData("tank: { host: beta, type: zfs, disks: [d3], datasets: { vms: {}, vms/db: {} } }")] // db runs on alpha
    public void ADatasetBesideTheZvolsIsFine(string pool) => Check(pool).None("EL7012");

    [Fact]
    public void AnUnsupportedPoolTypeIsAnErrorAtTheType()
    {
        var d = Check("md0: { host: alpha, type: mdraid, layout: raid1, disks: [d1, d2] }").Single("EL7012");
        At(d, "pools.yaml", 4, "mdraid");
        Assert.Contains("pool type mdraid not supported by format-disks yet", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARaidLayoutOnZfsIsAnErrorAtTheLayout() =>
        At(Check("tank: { host: alpha, type: zfs, layout: raid5, disks: [d1, d2] }").Single("EL7012"), "pools.yaml", 4, "raid5");

    [Fact]
    public void TooFewDisksForTheLayoutIsAnErrorAtTheDisks()
    {
        var d = Check("tank: { host: alpha, type: zfs, layout: raidz2, disks: [d1, d2] }").Single("EL7012");
        At(d, "pools.yaml", 4, "disks");
        Assert.Contains("at least 3", d.Message, StringComparison.Ordinal);
    }
}
