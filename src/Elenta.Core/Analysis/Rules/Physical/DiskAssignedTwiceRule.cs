using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
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
        imperatively, and "expects to be able to wipe all specified disks".
        """;

    public override void Analyze(AnalysisContext context)
    {
        var cadaster = context.Site.Cadaster;
        var claimedBy = new Dictionary<string, (Pool Pool, MergedScalar Item)>(StringComparer.Ordinal);
        foreach (var pool in cadaster.Pools)
        {
            if (pool.Node.Child("disks") is not MergedSequence items)
            {
                continue;
            }

            foreach (var item in items.Items.OfType<MergedScalar>())
            {
                if (cadaster.Disks[item.Text] is not { } disk)
                {
                    continue;
                }

                if (claimedBy.TryGetValue(disk.Name, out var first))
                {
                    context.Report(Rule.Create(item.Location,
                        $"pool '{pool.Name}' uses disk '{disk.Name}', which pool '{first.Pool.Name}' already uses",
                        "a disk belongs to one pool: remove it from one of them",
                        [new RelatedLocation(first.Item.Location, $"pool '{first.Pool.Name}' uses '{disk.Name}' here")]));
                    continue;
                }

                claimedBy[disk.Name] = (pool, item);
                if (disk.Host is { } diskHost && pool.Host.Length > 0 && diskHost != pool.Host)
                {
                    context.Report(Rule.Create(item.Location,
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
