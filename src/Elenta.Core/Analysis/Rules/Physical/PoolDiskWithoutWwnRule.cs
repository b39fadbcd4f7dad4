using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7011: a pool's disk is not addressed by WWN: a device path, or a cadaster disk without a wwn.</summary>
public sealed class PoolDiskWithoutWwnRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL7011", "Pool disk not addressed by WWN", Severity.Error, "Physical");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        The format-disks script wipes a pool's disks before it creates the pool, so it addresses
        them only as /dev/disk/by-id/wwn-*: a WWN is printed on the disk's label and never moves.
        A pool that lists a device path (/dev/sdb, /dev/disk/by-path/...), or a cadaster disk that
        has no wwn:, cannot be addressed that way; /dev/sdX names in particular are handed out in
        the order disks are found at boot (the journal's boot failures), so the script could
        format the wrong disk. Declare the disk under cadaster.storage.disks with its wwn and name
        it in the pool. This is the only check of it: `elenta build` trusts it (it replaced the
        build's EL9101 and EL9102).
        """;

    public override void Analyze(AnalysisContext context)
    {
        var cadaster = context.Site.Cadaster;
        foreach (var pool in cadaster.Pools)
        {
            foreach (var used in PoolDisks.Of(cadaster, pool))
            {
                if (used.IsPath && used.Wwn is null)
                {
                    var unstable = UnstableDevicePathRule.IsUnstable(used.Item.Text) ? ", a kernel name that can point at another disk after a reboot" : string.Empty;
                    context.Report(Rule.Create(used.Item.Location,
                        $"pool '{pool.Name}' names disk '{used.Item.Text}' by a device path{unstable}; format-disks addresses disks only as /dev/disk/by-id/wwn-*",
                        "declare the disk under cadaster.storage.disks with its wwn (see ls -l /dev/disk/by-id/wwn-*), and name it here"));
                }
                else if (used.Disk is { Wwn: null } disk)
                {
                    context.Report(Rule.Create(disk.Node.KeyAt(),
                        $"disk '{disk.Name}' (in pool '{pool.Name}') has no wwn; format-disks addresses disks only by WWN"
                        + (disk.Device is null ? string.Empty : $", never by '{disk.Device}'"),
                        "add its wwn (shown by: ls -l /dev/disk/by-id/ | grep wwn-)",
                        [new RelatedLocation(used.Item.Location, $"used by pool '{pool.Name}' here")]));
                }
            }
        }
    }
}
