using Elenta.Core.Diagnostics;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Disks;
using Elenta.Core.Text;

namespace Elenta.Core.Tests.Emit.Disks;

/// <summary>Everything that would make format-disks address a disk other than by WWN stops the build, at the right span.</summary>
public sealed class DisksDiagnosticsTests
{
    private const string Disks = """
        cadaster:
          storage:
            disks:
              d1: { wwn: "0x5000c500000000a1", host: alpha, size: 4TB }
              d2: { wwn: "0x5000c500000000a2", host: alpha }
              d3: { wwn: "0x5000c500000000a3", host: beta }
              nowwn: { device: /dev/sdc, host: alpha }
        """;

    private static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Emit(string pools)
    {
        var compilation = TestSite.Minimal().File("disks.yaml", Disks).File("pools.yaml", pools).Compile(analyze: false); // the emitter's own checks, without the analysis rules that overlap them
        compilation.Diagnostics.Clean();
        return EmitterRuns.Run(new DisksEmitter(), compilation);
    }

    private static string Text(Location? location) => location!.File.Text.Substring(location.Span.Start, location.Span.Length);

    [Fact]
    public void AValidPoolGivesAScriptForItsHostOnly()
    {
        var (artifacts, diagnostics) = Emit("cadaster: { storage: { pools: { tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, d2] } } } }");
        diagnostics.Clean();
        var script = Assert.Single(artifacts);
        Assert.Equal("disks/alpha/format-disks.sh", script.Path);
        Assert.Equal("alpha", script.Machines.Single());
        Assert.Contains("zpool create -o ashift=12 tank mirror \"$by_id_dir/wwn-0x5000c500000000a1\" \"$by_id_dir/wwn-0x5000c500000000a2\"", System.Text.Encoding.UTF8.GetString(script.Content), StringComparison.Ordinal);
    }

    [Fact]
    public void ADevicePathInAPoolIsAnErrorAtThatItem()
    {
        var (artifacts, diagnostics) = Emit("cadaster: { storage: { pools: { tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, /dev/sdb] } } } }");
        Assert.Empty(artifacts);
        Assert.Equal("/dev/sdb", Text(diagnostics.Single("EL9101").Location));
    }

    [Fact]
    public void AByIdWwnPathIsAccepted()
    {
        var (artifacts, diagnostics) = Emit("cadaster: { storage: { pools: { tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, /dev/disk/by-id/wwn-0x5000c500000000ff] } } } }");
        diagnostics.Clean();
        Assert.Contains("wwn-0x5000c500000000ff", System.Text.Encoding.UTF8.GetString(Assert.Single(artifacts).Content), StringComparison.Ordinal);
    }

    [Fact]
    public void ADiskWithoutWwnIsAnErrorAtTheDisk()
    {
        var (artifacts, diagnostics) = Emit("cadaster: { storage: { pools: { tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, nowwn] } } } }");
        Assert.Empty(artifacts);
        var d = diagnostics.Single("EL9102");
        Assert.Equal("nowwn", Text(d.Location));
        Assert.Contains("/dev/sdc", d.Message, StringComparison.Ordinal);
        Assert.Equal("nowwn", Text(Assert.Single(d.Related).Location));
    }

    [Fact]
    public void UnsupportedPoolTypeIsReportedAtTheType()
    {
        var (artifacts, diagnostics) = Emit("cadaster: { storage: { pools: { md0: { host: alpha, type: mdraid, layout: raid1, disks: [d1, d2] } } } }");
        Assert.Empty(artifacts);
        var d = diagnostics.Single("EL9100");
        Assert.Equal("mdraid", Text(d.Location));
        Assert.Contains("pool type mdraid not supported by format-disks yet", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADiskFromAnotherHostIsAnError()
    {
        var (_, diagnostics) = Emit("cadaster: { storage: { pools: { tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, d3] } } } }");
        Assert.Equal("d3", Text(diagnostics.Single("EL9103").Location));
    }

    [Fact]
    public void ADiskInTwoPoolsIsAnError()
    {
        var (_, diagnostics) = Emit("cadaster: { storage: { pools: { a: { host: alpha, type: zfs, disks: [d1] }, b: { host: alpha, type: zfs, disks: [d1, d2], layout: mirror } } } }");
        Assert.Contains("'a'", diagnostics.Single("EL9104").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADiskNamedInOnePoolAndGivenByPathInAnotherIsAnError()
    {
        var (_, diagnostics) = Emit("cadaster: { storage: { pools: { a: { host: alpha, type: zfs, disks: [d1] }, b: { host: alpha, type: zfs, disks: [/dev/disk/by-id/wwn-0x5000c500000000a1] } } } }");
        Assert.Equal("/dev/disk/by-id/wwn-0x5000c500000000a1", Text(diagnostics.Single("EL9104").Location));
    }

    [Fact]
    public void TooFewDisksForTheLayoutIsAnError()
    {
        var (_, diagnostics) = Emit("cadaster: { storage: { pools: { tank: { host: alpha, type: zfs, layout: raidz2, disks: [d1, d2] } } } }");
        Assert.Contains("at least 3", diagnostics.Single("EL9106").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARaidLayoutOnZfsIsAnError()
    {
        var (_, diagnostics) = Emit("cadaster: { storage: { pools: { tank: { host: alpha, type: zfs, layout: raid5, disks: [d1, d2] } } } }");
        Assert.Equal("raid5", Text(diagnostics.Single("EL9105").Location));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("with space", "'with space'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("", "''")]
    public void ShellWordsAreQuotedOnlyWhenNeeded(string word, string quoted) => Assert.Equal(quoted, ShellWord.Quote(word));
}
