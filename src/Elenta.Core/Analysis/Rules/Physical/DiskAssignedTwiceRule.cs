using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7008: a disk is claimed by two pools, or by a pool on a host it is not installed in.</summary>
public sealed class DiskAssignedTwiceRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL7008", "Disk assigned to two hosts or two pools", Severity.Error, "Physical");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A disk sits in one machine (its host) and belongs to at most one pool. A pool that lists a
        disk installed in another host, or two pools that list the same disk, would have the
        format-disks script wipe a disk that something else owns: the journal manages disks
        imperatively, and "expects to be able to wipe all specified disks". A disk is the same disk
        when its WWN is, so one pool naming it and another giving its /dev/disk/by-id/wwn-* path
        are caught too. This is the only check of it: `elenta build` trusts it (it replaced the
        build's EL9103 and EL9104).
        """;

    public override void Analyze(AnalysisContext context)
    {
        var cadaster = context.Site.Cadaster;
        var claimedBy = new Dictionary<string, (Pool Pool, PoolDisk Disk)>(StringComparer.Ordinal);
        foreach (var pool in cadaster.Pools)
        {
            foreach (var used in PoolDisks.Of(cadaster, pool))
            {
                if (used.Disk is null && used.Wwn is null)
                {
                    continue; // an unknown name (EL2005) or a path that names no WWN (EL7011)
                }

                var key = used.Wwn is { } wwn ? "wwn " + wwn.Hex : "disk " + used.Disk!.Name;
                if (claimedBy.TryGetValue(key, out var first))
                {
                    var alias = first.Disk.Name == used.Name ? string.Empty : $" as '{first.Disk.Name}' (the same WWN)";
                    context.Report(Rule.Create(used.Item.Location,
                        $"pool '{pool.Name}' uses disk '{used.Name}', which pool '{first.Pool.Name}' already uses{alias}",
                        "a disk belongs to one pool: remove it from one of them",
                        [new RelatedLocation(first.Disk.Item.Location, $"pool '{first.Pool.Name}' uses '{first.Disk.Name}' here")]));
                    continue;
                }

                claimedBy[key] = (pool, used);
                if (used.Disk is { Host: { } diskHost } disk && pool.Host.Length > 0 && diskHost != pool.Host)
                {
                    context.Report(Rule.Create(used.Item.Location,
                        $"pool '{pool.Name}' on host '{pool.Host}' uses disk '{disk.Name}', which is installed in host '{diskHost}'",
                        $"use a disk installed in '{pool.Host}', or correct the disk's host",
                        [
                            new RelatedLocation(disk.Node.At("host"), $"disk '{disk.Name}' is installed in '{diskHost}'"),
                            new RelatedLocation(pool.Node.At("host"), $"pool '{pool.Name}' is on '{pool.Host}'"),
                        ]));
                }
            }
        }
    }
}
