using Elenta.Core.Emit.Disks;

namespace Elenta.Core.Tests.Emit.Disks;

/// <summary>
/// The generated format-disks script against real block devices: loop devices over files in a temp
/// directory this test creates (one holding an ext4 filesystem, a partition table, or nothing),
/// reached through a by-id directory of wwn-* links (ELENTA_BY_ID_DIR). The probe runs the real
/// wipefs, lsblk and findmnt, and the real wipefs -a when a disk may be destroyed. ZFS is not on
/// this machine, so zpool, zfs and zdb are stubs first on PATH: zdb reports a label and zpool an
/// imported pool where a test says so, and both log what they are asked to do. Every loop device
/// and mount is removed in Dispose, even when a test fails. Needs root (losetup).
/// </summary>
public sealed class FormatDisksLoopDeviceTests : IDisposable
{
    private const string D1 = "0x5000c500000000d1";
    private const string D2 = "0x5000c500000000d2";

    private readonly string root = Directory.CreateTempSubdirectory("elenta-loop-").FullName;
    private readonly List<string> loops = [];
    private readonly List<string> mounts = [];

    private static bool CanRun => OperatingSystem.IsLinux() && Environment.UserName == "root";

    private string ByIdDir => Path.Combine(root, "by-id");

    private string Bin => Path.Combine(root, "bin");

    private string CallLog => Path.Combine(root, "calls.log");

    public void Dispose()
    {
        foreach (var mount in mounts)
        {
            ExternalTool.Run("umount", mount);
        }

        foreach (var loop in loops)
        {
            ExternalTool.Run("losetup", "-d", loop);
        }

        Directory.Delete(root, recursive: true);
    }

    private static string Script(string disks = "") =>
        System.Text.Encoding.UTF8.GetString(EmitterRuns.Run(new DisksEmitter(), TestSite.Minimal().File("storage.yaml", $$"""
            cadaster:
              storage:
                disks:
                  d1: { wwn: "{{D1}}", host: alpha, bay: 1{{disks}} }
                  d2: { wwn: "{{D2}}", host: alpha, bay: 2 }
                pools:
                  tank:
                    host: alpha
                    type: zfs
                    layout: mirror
                    disks: [d1, d2]
                    filesystemProperties: { compression: zstd }
                    datasets: { data: { mountpoint: /tank/data } }
            """)).Artifacts.Single(a => a.Path == "disks/alpha/format-disks.sh").Content);

    /// <summary>A 64 MiB loop device linked as wwn-WWN; returns its /dev path.</summary>
    private string Loop(string wwn)
    {
        var file = Path.Combine(root, wwn + ".img");
        using (var stream = File.Create(file))
        {
            stream.SetLength(64L << 20);
        }

        var attach = ExternalTool.Run("losetup", "--find", "--show", "--partscan", file);
        Assert.True(attach.ExitCode == 0, attach.ToString());
        var device = attach.Stdout.Trim();
        loops.Add(device);
        Directory.CreateDirectory(ByIdDir);
        File.CreateSymbolicLink(Path.Combine(ByIdDir, "wwn-" + wwn), device);
        return device;
    }

    /// <summary>Stub zpool/zfs/zdb: zdb -l reports a label on <paramref name="labelled"/>, zpool list an imported pool holding <paramref name="inPool"/>.</summary>
    private void Stubs(string? labelled = null, string? inPool = null)
    {
        Directory.CreateDirectory(Bin);
        Write("zdb", labelled is null ? "exit 1\n" : $"if [ \"$1\" = -l ] && [ \"$2\" = '{labelled}' ]; then printf 'LABEL 0\\n    version: 5000\\n    name: '\"'\"'old'\"'\"'\\n'; exit 0; fi\nexit 1\n");
        Write("zpool", (inPool is null ? "[ \"$1\" = list ] && exit 0\n" : $"if [ \"$1\" = list ]; then printf 'live\\t1G\\t-\\n\\t{inPool}\\t1G\\t-\\n'; exit 0; fi\n")
            + $"echo \"zpool $*\" >> '{CallLog}'\nexit 0\n");
        Write("zfs", $"echo \"zfs $*\" >> '{CallLog}'\nexit 0\n");
    }

    private void Write(string tool, string body)
    {
        var path = Path.Combine(Bin, tool);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private ExternalTool.Result Run(string script, params string[] args)
    {
        var file = Path.Combine(root, "format-disks.sh");
        File.WriteAllText(file, script);
        return ExternalTool.Run("bash", [file, .. args], root, new Dictionary<string, string>
        {
            [FormatDisksScript.ByIdOverride] = ByIdDir,
            ["PATH"] = Bin + ":" + Environment.GetEnvironmentVariable("PATH"),
        });
    }

    private string Calls => File.Exists(CallLog) ? File.ReadAllText(CallLog) : string.Empty;

    private static string FsType(string device) => ExternalTool.Run("blkid", "-p", "-o", "value", "-s", "TYPE", device).Stdout.Trim();

    private static void Mkfs(string device)
    {
        var mkfs = ExternalTool.Run("mkfs.ext4", "-q", "-F", device);
        Assert.True(mkfs.ExitCode == 0, mkfs.ToString());
    }

    [Fact]
    public void ADiskHoldingAFilesystemIsRefusedByNameAndNothingIsTouched()
    {
        if (!CanRun)
        {
            return;
        }

        var d1 = Loop(D1);
        Loop(D2);
        Mkfs(d1);
        Stubs();

        var result = Run(Script(), "--yes-destroy-data");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"refusing: disk d1 (bay 1, wwn-{D1}) holds data: ext4 signature on {d1}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("pass --allow-destroy d1, or set allowDestroy: true", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("disk d2: blank", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("running:", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, Calls);
        Assert.Equal("ext4", FsType(d1));

        // A dry run refuses the same way: the real run would.
        var dry = Run(Script(), "--dry-run");
        Assert.Equal(1, dry.ExitCode);
        Assert.Contains("holds data: ext4", dry.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ADryRunOfAnAllowedDiskPrintsEveryCommandWithTheDefaultPropertiesAndChangesNothing()
    {
        if (!CanRun)
        {
            return;
        }

        var d1 = Loop(D1);
        Loop(D2);
        Mkfs(d1);
        Stubs();

        var result = Run(Script(), "--dry-run", "--allow-destroy", "d1");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n');
        Assert.Contains("disk d1: holds data, and may be destroyed", lines);
        Assert.Contains($"would run: wipefs -a {ByIdDir}/wwn-{D1}", lines);
        Assert.Contains($"would run: wipefs -a {ByIdDir}/wwn-{D2}", lines);
        Assert.Contains($"would run: zpool create -o ashift=12 -O acltype=posixacl -O compression=zstd -O xattr=sa tank mirror {ByIdDir}/wwn-{D1} {ByIdDir}/wwn-{D2}", lines);
        Assert.Contains("would run: zfs create -p -o mountpoint=/tank/data tank/data", lines);
        Assert.Contains("format-disks: dry run; nothing was changed", lines);
        Assert.Equal(string.Empty, Calls);
        Assert.Equal("ext4", FsType(d1));
    }

    [Fact]
    public void ADiskTheSiteAllowsIsWipedForRealAndThePoolCreated()
    {
        if (!CanRun)
        {
            return;
        }

        var d1 = Loop(D1);
        Loop(D2);
        Mkfs(d1);
        Stubs();

        var result = Run(Script(", allowDestroy: true"), "--yes-destroy-data");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, FsType(d1)); // the real wipefs -a ran on the loop device
        Assert.Contains($"zpool create -o ashift=12 -O acltype=posixacl -O compression=zstd -O xattr=sa tank mirror {ByIdDir}/wwn-{D1} {ByIdDir}/wwn-{D2}\n", Calls);
        Assert.Contains("zfs create -p -o mountpoint=/tank/data tank/data\n", Calls);
        Assert.EndsWith("format-disks: done\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void BlankDisksNeedOnlyYesDestroyData()
    {
        if (!CanRun)
        {
            return;
        }

        Loop(D1);
        Loop(D2);
        Stubs();

        var refused = Run(Script());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--yes-destroy-data", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, Calls);

        var result = Run(Script(), "--yes-destroy-data");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("disk d1: blank", result.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("zpool create ", Calls, StringComparison.Ordinal);
    }

    [Fact]
    public void AZfsLabelIsDataAndIsClearedWhenAllowed()
    {
        if (!CanRun)
        {
            return;
        }

        Loop(D1);
        var d2 = Loop(D2);
        Stubs(labelled: d2);

        var refused = Run(Script(), "--yes-destroy-data");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"disk d2 (bay 2, wwn-{D2}) holds data: ZFS label of pool 'old' on {d2}", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, Calls);

        var allowed = Run(Script(), "--yes-destroy-data", $"--allow-destroy=wwn-{D2}");
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.StartsWith($"zpool labelclear -f {ByIdDir}/wwn-{D2}\nzpool create ", Calls, StringComparison.Ordinal);
    }

    [Fact]
    public void ADiskInAnImportedPoolOrMountedIsRefusedEvenWhenAllowed()
    {
        if (!CanRun)
        {
            return;
        }

        var d1 = Loop(D1);
        var d2 = Loop(D2);
        Mkfs(d2);
        Stubs(inPool: $"{ByIdDir}/wwn-{D1}");
        var mountpoint = Directory.CreateDirectory(Path.Combine(root, "mnt")).FullName;
        var mount = ExternalTool.Run("mount", d2, mountpoint);
        Assert.True(mount.ExitCode == 0, mount.ToString());
        mounts.Add(mountpoint);

        var result = Run(Script(", allowDestroy: true"), "--yes-destroy-data", "--allow-destroy", "d2");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"disk d1 (bay 1, wwn-{D1}) is in use: {d1} in imported ZFS pool 'live'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"disk d2 (bay 2, wwn-{D2}) is in use: {d2} mounted at {mountpoint}", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, Calls);
        Assert.Equal("ext4", FsType(d2));
    }

    [Fact]
    public void APartitionTableIsData()
    {
        if (!CanRun)
        {
            return;
        }

        var d1 = Loop(D1);
        Loop(D2);
        Stubs();
        var sfdisk = ExternalTool.Run("sh", "-c", $"echo 'label: gpt\n,32M' | sfdisk -q {d1}");
        Assert.True(sfdisk.ExitCode == 0, sfdisk.ToString());

        var result = Run(Script(), "--dry-run");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"disk d1 (bay 1, wwn-{D1}) holds data: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"gpt signature on {d1}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheScriptPassesShellcheck()
    {
        var file = Path.Combine(root, "check.sh");
        File.WriteAllText(file, Script());
        var result = ExternalTool.Run("shellcheck", file);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
