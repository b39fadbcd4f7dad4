
namespace Elenta.Core.Tests.Analysis.Physical;

public class DiskTests
{
    private static TestSite Disks(string secondWwn, string poolDisks, string secondPoolDisks, string device = "/dev/disk/by-id/wwn-0x5000c500a1b2c301") => TestSite.Minimal()
        .File("storage.yaml", $$"""
            cadaster:
              storage:
                disks:
                  d1: { wwn: "0x5000c500a1b2c301", host: alpha, device: {{device}} }
                  d2: { wwn: "{{secondWwn}}", host: alpha }
                  d3: { wwn: "0x5000c500a1b2c303", host: beta }
                pools:
                  tank: { host: alpha, disks: [{{poolDisks}}] }
                  vault: { host: beta, disks: [{{secondPoolDisks}}] }
            """);

    [Fact]
    public void TwoDisksWithOneWwnAreReported()
    {
        var d = Disks("0x5000C500A1B2C301", "d1", "d3").Compile().Diagnostics.Single("EL7009");
        Assert.Equal("\"0x5000C500A1B2C301\"", SpanText.Of(d));
        Assert.Equal(["\"0x5000c500a1b2c301\""], SpanText.Related(d));
    }

    [Fact]
    public void ADiskInTwoPoolsIsReported()
    {
        var d = Disks("0x5000c500a1b2c302", "d1, d2", "d3, d2").Compile().Diagnostics.Single("EL7008");
        Assert.Equal("d2", SpanText.Of(d));
        Assert.Contains("'tank'", d.Message);
        Assert.Equal(["d2"], SpanText.Related(d));
    }

    [Fact]
    public void APoolUsingAnotherHostsDiskIsReported()
    {
        var d = Disks("0x5000c500a1b2c302", "d1, d3", "d2").Compile().Diagnostics.Where(x => x.Code == "EL7008").OrderBy(x => x.Message, StringComparer.Ordinal).First();
        Assert.Contains("installed in host", d.Message);
        Assert.Equal(["alpha", "beta"], SpanText.Related(d).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DisksOwnedOnceByTheirHostsPoolsAreClean() => Disks("0x5000c500a1b2c302", "d1, d2", "d3").Compile().Diagnostics.Clean();

    [Theory]
    [InlineData("/dev/sdb")]
    [InlineData("/dev/hda1")]
    [InlineData("/dev/nvme0n1")]
    [InlineData("/dev/nvme0n1p2")]
    public void ADiskNamedByAKernelPathIsAWarning(string device)
    {
        var d = Disks("0x5000c500a1b2c302", "d1, d2", "d3", device).Compile().Diagnostics.Single("EL7010");
        Assert.Equal(device, SpanText.Of(d));
        Assert.Equal(Elenta.Core.Diagnostics.Severity.Warning, d.Severity);
    }

    [Fact]
    public void APoolListingAKernelPathIsEl7011sErrorNotAlsoAWarning()
    {
        var diagnostics = Disks("0x5000c500a1b2c302", "d1, /dev/sdc", "d3").Compile().Diagnostics;
        diagnostics.None("EL7010");
        var d = diagnostics.Single("EL7011");
        Assert.Equal("/dev/sdc", SpanText.Of(d));
        Assert.Contains("pool 'tank'", d.Message);
    }

    [Fact]
    public void AByIdPathIsStable() =>
        Disks("0x5000c500a1b2c302", "d1, /dev/disk/by-id/wwn-0x5000c500a1b2c309", "d3").Compile().Diagnostics.None("EL7010");
}
