using Elenta.Core.Diagnostics;
using Elenta.Core.Emit;
using Elenta.Core.Emit.Disks;

namespace Elenta.Core.Tests.Emit.Disks;

/// <summary>
/// The disks emitter trusts the check (EL7008, EL7011, EL7012: see Analysis/Physical/PoolTests):
/// a valid pool gets its script; a pool the check would refuse, with its rule turned off, gets none.
/// </summary>
public sealed class DisksEmitterTests
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

    private static (IReadOnlyList<Artifact> Artifacts, IReadOnlyList<Diagnostic> Diagnostics) Emit(string pools, string settings = "site: mini\n") =>
        EmitterRuns.Run(new DisksEmitter(), TestSite.Minimal().File("elenta.yaml", settings).File("disks.yaml", Disks).File("pools.yaml", pools));

    [Fact]
    public void AValidPoolGivesAScriptForItsHostOnly()
    {
        var (artifacts, diagnostics) = Emit("cadaster: { storage: { pools: { tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, d2] } } } }");
        diagnostics.Clean();
        var script = Assert.Single(artifacts);
        Assert.Equal("disks/alpha/format-disks.sh", script.Path);
        Assert.Equal("alpha", script.Machines.Single());
        Assert.Contains("zpool create -o ashift=12 -O acltype=posixacl -O compression=lz4 -O xattr=sa tank mirror \"$by_id_dir/wwn-0x5000c500000000a1\" \"$by_id_dir/wwn-0x5000c500000000a2\"", System.Text.Encoding.UTF8.GetString(script.Content), StringComparison.Ordinal);
    }

    [Fact]
    public void ThePoolsPropertiesOverrideTheDefaultsAndAddToThem()
    {
        var (artifacts, diagnostics) = Emit("""
            cadaster: { storage: { pools: { tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, d2],
              properties: { ashift: "13", autotrim: "on" }, filesystemProperties: { compression: zstd, atime: "off" } } } } }
            """);
        diagnostics.Clean();
        Assert.Contains("run zpool create -o ashift=13 -o autotrim=on -O acltype=posixacl -O atime=off -O compression=zstd -O xattr=sa tank mirror ",
            System.Text.Encoding.UTF8.GetString(Assert.Single(artifacts).Content), StringComparison.Ordinal);
    }

    [Fact]
    public void AByIdWwnPathIsAccepted()
    {
        var (artifacts, diagnostics) = Emit("cadaster: { storage: { pools: { tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, /dev/disk/by-id/wwn-0x5000c500000000ff] } } } }");
        diagnostics.Clean();
        Assert.Contains("wwn-0x5000c500000000ff", System.Text.Encoding.UTF8.GetString(Assert.Single(artifacts).Content), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EL7011", "tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, /dev/sdb] }")]
    [InlineData("EL7011", "tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, nowwn] }")]
    [InlineData("EL7008", "tank: { host: alpha, type: zfs, layout: mirror, disks: [d1, d3] }")]
    [InlineData("EL7012", "md0: { host: alpha, type: mdraid, layout: raid1, disks: [d1, d2] }")]
    [InlineData("EL7012", "tank: { host: alpha, type: zfs, layout: raidz2, disks: [d1, d2] }")]
    public void APoolTheCheckWouldRefuseGetsNoScriptWhenItsRuleIsOff(string code, string pool)
    {
        var (artifacts, diagnostics) = Emit($"cadaster: {{ storage: {{ pools: {{ {pool} }} }} }}", $"site: mini\nanalysis: {{ rules: {{ {code}: off, EL7010: off }} }}\n");
        diagnostics.Clean();
        Assert.Empty(artifacts);
    }

    [Fact]
    public void OfADiskInTwoPoolsOnlyTheFirstPoolGetsIt()
    {
        var (artifacts, _) = Emit("cadaster: { storage: { pools: { a: { host: alpha, type: zfs, disks: [d1] }, b: { host: alpha, type: zfs, disks: [/dev/disk/by-id/wwn-0x5000c500000000a1] } } } }",
            "site: mini\nanalysis: { rules: { EL7008: off } }\n");
        var script = System.Text.Encoding.UTF8.GetString(Assert.Single(artifacts).Content);
        Assert.Contains("-O xattr=sa a ", script, StringComparison.Ordinal);
        Assert.DoesNotContain("-O xattr=sa b ", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("with space", "'with space'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("", "''")]
    public void ShellWordsAreQuotedOnlyWhenNeeded(string word, string quoted) => Assert.Equal(quoted, ShellWord.Quote(word));
}
