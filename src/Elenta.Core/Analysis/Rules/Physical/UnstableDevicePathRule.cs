using System.Text.RegularExpressions;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7010: a cadaster disk is named by a kernel device path that changes between boots.</summary>
public sealed partial class UnstableDevicePathRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL7010", "Disk named by an unstable /dev path", Severity.Warning, "Physical");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Kernel names such as /dev/sda, /dev/hdb or /dev/nvme0n1 are handed out in the order disks
        are found at boot, and that order changes: add a disk, swap a controller, or just reboot, and
        /dev/sdb is another disk. Pools and format scripts built on them break at boot (the journal's
        filesystem troubles) or, worse, wipe the wrong disk. Name disks by WWN (wwn: 0x5000...) or by
        a /dev/disk/by-id path instead. Reported for disks whose device: is such a name; a pool
        that lists a device path instead of a disk is EL7011's, an error.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var disk in context.Site.Cadaster.Disks)
        {
            if (disk.Device is { } device && IsUnstable(device))
            {
                Report(context, disk.Node.At("device"), $"disk '{disk.Name}' is named by {device}", disk.Wwn is { } w ? $"remove device: the disk's WWN ({w.Hex}) already names it" : null);
            }
        }
    }

    private static void Report(AnalysisContext context, Location location, string what, string? help) =>
        context.Report(Rule.Create(location,
            $"{what}, a kernel device name that can point at another disk after a reboot",
            help ?? "name the disk by its WWN: add it under cadaster.storage.disks with wwn: (see ls -l /dev/disk/by-id/wwn-*) and refer to it by name"));

    public static bool IsUnstable(string path) => UnstablePath().IsMatch(path.Trim());

    [GeneratedRegex(@"^/dev/((s|h|v|xv)d[a-z]+|nvme\d+n\d+|mmcblk\d+)(p?\d+)?$")]
    private static partial Regex UnstablePath();
}
