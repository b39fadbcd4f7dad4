using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7012: a pool format-disks cannot build: a type it does not write yet, a layout the type has not, or too few disks.</summary>
public sealed class UnbuildablePoolRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL7012", "Pool that format-disks cannot build", Severity.Error, "Physical");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        `elenta build` writes a format-disks script per host that creates its pools. It writes ZFS
        pools today, with the layouts stripe, mirror, raidz1, raidz2 and raidz3, which need at least
        1, 2, 2, 3 and 4 disks. A pool of another type (mdraid, lvm, btrfs), a layout its type
        cannot build (raid5 for zfs), or too few disks for its layout gets no script, so the
        check reports it instead of the build. Create such a pool by hand, or describe it as a zfs
        pool. (This replaced the build's EL9100, EL9105 and EL9106.)
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var pool in context.Site.Cadaster.Pools)
        {
            if (pool.Type != PoolLayouts.BuildableType)
            {
                context.Report(Rule.Create(pool.Node.At("type"),
                    $"pool '{pool.Name}': pool type {pool.Type} not supported by format-disks yet",
                    "create this pool by hand, or make it a zfs pool"));
                continue;
            }

            var layout = pool.Layout ?? PoolLayouts.DefaultLayout;
            if (!PoolLayouts.ZfsMinimumDisks.TryGetValue(layout, out var minimum))
            {
                context.Report(Rule.Create(pool.Node.At("layout"),
                    $"layout '{layout}' is not a {pool.Type} layout",
                    "for zfs use one of: " + string.Join(", ", PoolLayouts.ZfsMinimumDisks.Keys)));
                minimum = 1;
            }

            var count = PoolDisks.Of(context.Site.Cadaster, pool).Count;
            if (count < minimum)
            {
                context.Report(Rule.Create(pool.Node.Child("disks")?.KeyAt() ?? pool.Node.KeyAt(),
                    $"pool '{pool.Name}' has {count} disk(s); layout {layout} needs at least {minimum}",
                    "add disks, or choose a layout with less redundancy"));
            }
        }
    }
}
