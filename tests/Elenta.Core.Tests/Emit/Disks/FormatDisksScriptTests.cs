using Elenta.Core.Emit;
using Elenta.Core.Emit.Disks;
using Elenta.Core.Model;

namespace Elenta.Core.Tests.Emit.Disks;

/// <summary>
/// Runs the generated format-disks scripts with bash against a fake /dev/disk/by-id (ELENTA_BY_ID_DIR)
/// and with stub zpool/zfs/zdb first on PATH that only log: only the dry-run and refusal paths are
/// exercised here (on empty files, which the real wipefs probes and finds blank), and the stubs make
/// sure no pool could be touched even if the script were wrong. FormatDisksLoopDeviceTests runs it
/// against real block devices.
/// </summary>
public sealed class FormatDisksScriptTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("elenta-disks-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static EmitContext Context => ExampleSites.SharedEmitContext("emerald-city");

    private static IReadOnlyList<Artifact> Emit() => EmitterRuns.RunClean(new DisksEmitter(), Context);

    private static Pool Tank => Context.Resolved.Site.Cadaster.Pools["tank"]!;

    private IReadOnlyList<Disk> TankDisks => Tank.Disks.Select(d => Context.Resolved.Site.Cadaster.Disks[d]!).ToList();

    private string ByIdDir => Path.Combine(root, "by-id");

    private string CallLog => Path.Combine(root, "calls.log");

    /// <summary>Writes the script, a by-id directory with a symlink per WWN (to fake kernel devices), and the stub tools.</summary>
    private string Prepare(string host, IEnumerable<Disk> present)
    {
        var script = Path.Combine(root, "format-disks.sh");
        File.WriteAllBytes(script, Emit().Single(a => a.Path == $"disks/{host}/format-disks.sh").Content);
        Directory.CreateDirectory(ByIdDir);
        var devices = Directory.CreateDirectory(Path.Combine(root, "dev")).FullName;
        var letter = 'b';
        foreach (var disk in present)
        {
            var device = Path.Combine(devices, "sd" + letter++);
            File.WriteAllText(device, string.Empty);
            File.CreateSymbolicLink(Path.Combine(ByIdDir, "wwn-" + disk.Wwn!.Value.Hex), device);
        }

        var bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
        // The probe reads with the real wipefs (it only lists on these empty files) and asks zpool
        // which pools are imported (none here); anything else a stub sees is a destructive call.
        foreach (var tool in new[] { "zpool", "zfs", "zdb", "mdadm", "mkfs.btrfs", "pvcreate" })
        {
            var stub = Path.Combine(bin, tool);
            var probe = tool switch { "zpool" => "[ \"$1\" = list ] && exit 0\n", "zdb" => "[ \"$1\" = -l ] && exit 1\n", _ => string.Empty };
            File.WriteAllText(stub, $"#!/bin/sh\n{probe}echo \"{tool} $*\" >> '{CallLog}'\nexit 1\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return script;
    }

    private ExternalTool.Result RunScript(string script, params string[] args) =>
        ExternalTool.Run("bash", [script, .. args], root, new Dictionary<string, string>
        {
            [FormatDisksScript.ByIdOverride] = ByIdDir,
            ["PATH"] = Path.Combine(root, "bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
        });

    private void AssertNothingRan(ExternalTool.Result result)
    {
        Assert.False(File.Exists(CallLog), "a destructive tool was called:\n" + (File.Exists(CallLog) ? File.ReadAllText(CallLog) : string.Empty) + result);
        Assert.DoesNotContain("running:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void OneScriptPerHostWithPoolsAndBashAcceptsEach()
    {
        var artifacts = Emit();
        var hostsWithPools = Context.Resolved.Site.Cadaster.Pools.Select(p => p.Host).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(hostsWithPools.Select(h => $"disks/{h}/format-disks.sh"), artifacts.Select(a => a.Path).Order(StringComparer.Ordinal));
        foreach (var artifact in artifacts)
        {
            Assert.Equal(DisksEmitter.TargetPath, artifact.Delivery!.Target);
            Assert.Equal("0700", artifact.Delivery.Mode);
            var file = Path.Combine(root, artifact.Machines.Single() + ".sh");
            File.WriteAllBytes(file, artifact.Content);
            var check = ExternalTool.Run("bash", ["-n", file]);
            Assert.True(check.ExitCode == 0, check.ToString());
        }
    }

    [Fact]
    public void SameSiteGivesTheSameBytes()
    {
        var first = Emit();
        var second = Emit();
        Assert.Equal(first.Select(a => a.Sha256), second.Select(a => a.Sha256));
    }

    [Fact]
    public void DryRunPrintsZpoolCreateWithByIdPathsAndRunsNothing()
    {
        var script = Prepare(Tank.Host, TankDisks);
        var result = RunScript(script, "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertNothingRan(result);
        var byId = TankDisks.Select(d => Path.Combine(ByIdDir, "wwn-" + d.Wwn!.Value.Hex));
        var expected = $"would run: zpool create -o ashift=12 -O acltype=posixacl -O compression=lz4 -O xattr=sa {Tank.Name} {Tank.Layout} {string.Join(" ", byId)}";
        Assert.Contains(expected, result.Stdout.Split('\n'));
        foreach (var path in byId)
        {
            Assert.Contains($"would run: wipefs -a {path}", result.Stdout.Split('\n'));
        }

        foreach (var dataset in Tank.Datasets)
        {
            Assert.Contains(result.Stdout.Split('\n'), l => l.StartsWith("would run: zfs create", StringComparison.Ordinal) && l.EndsWith($" {Tank.Name}/{dataset.Name}", StringComparison.Ordinal));
        }

        // The kernel name is shown to the operator, but no command uses it.
        Assert.Contains(Path.Combine(root, "dev", "sdb"), result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Stdout.Split('\n'), l => l.StartsWith("would run:", StringComparison.Ordinal) && l.Contains("/dev/sd", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Stdout.Split('\n'), l => l.StartsWith("would run:", StringComparison.Ordinal) && l.Contains(Path.Combine(root, "dev") + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void DatasetSizeBecomesAQuota()
    {
        var sized = Tank.Datasets.First(d => d.Size is not null);
        var script = Prepare(Tank.Host, TankDisks);
        var result = RunScript(script, "--dry-run");
        Assert.Contains(result.Stdout.Split('\n'), l => l.Contains($"quota={sized.Size!.Value.Bytes}", StringComparison.Ordinal) && l.EndsWith($"{Tank.Name}/{sized.Name}", StringComparison.Ordinal));
    }

    [Fact]
    public void RefusesWithoutYesDestroyData()
    {
        var script = Prepare(Tank.Host, TankDisks);
        var result = RunScript(script);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--yes-destroy-data", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("refusing", result.Stderr, StringComparison.Ordinal);
        AssertNothingRan(result);
    }

    [Theory]
    [InlineData("--dry-run")]
    [InlineData("--yes-destroy-data")]
    public void RefusesWhenOneWwnIsMissing(string flag)
    {
        var absent = TankDisks[^1];
        var script = Prepare(Tank.Host, TankDisks.Take(TankDisks.Count - 1));
        var result = RunScript(script, flag);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"disk {absent.Name}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("refusing", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("would run:", result.Stdout, StringComparison.Ordinal);
        AssertNothingRan(result);
    }

    [Fact]
    public void RejectsUnknownArguments()
    {
        var script = Prepare(Tank.Host, TankDisks);
        var result = RunScript(script, "--yes");
        Assert.Equal(2, result.ExitCode);
        AssertNothingRan(result);
    }
}
