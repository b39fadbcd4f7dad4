using Elenta.Core.Diagnostics;
using Elenta.Core.Emit.Vms;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7012: a pool format-disks cannot build: a type it does not write yet, a layout the type has not, too few disks, or a VM's zvol where a dataset is.</summary>
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
        pool. On a pool with a vms dataset, each VM of its host gets a zvol <pool>/vms/<vm>: a
        dataset of the pool by that name (or under it) cannot be created beside it, as a zvol holds
        no datasets. (This replaced the build's EL9100, EL9105 and EL9106.)
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

            ZvolOnDataset(context, pool);
        }
    }

    /// <summary>A VM whose zvol (pool/vms/vm) is a dataset of the pool, or holds one: zfs create fails on the second.</summary>
    private static void ZvolOnDataset(AnalysisContext context, Pool pool)
    {
        if (!pool.Datasets.Contains(VmStorage.VmsDataset))
        {
            return;
        }

        var vms = context.Resolved.Machines.Where(m => m.Kind == InstanceKind.Vm && m.Host == pool.Host).Select(m => m.Name).Distinct(StringComparer.Ordinal);
        foreach (var vm in vms)
        {
            var storage = VmStorage.For(context.Site, pool.Host, vm);
            if (storage.ZfsPool != pool.Name)
            {
                continue;
            }

            var name = $"{VmStorage.VmsDataset}/{vm}";
            foreach (var dataset in pool.Datasets)
            {
                if (dataset.Name == name || dataset.Name.StartsWith(name + "/", StringComparison.Ordinal))
                {
                    var at = pool.Node.Child("datasets") is Elenta.Core.Merging.MergedMapping datasets && datasets.Child(dataset.Name) is { KeyLocation: { } key } ? key : pool.Node.Location;
                    context.Report(Rule.Create(at,
                        dataset.Name == name
                            ? $"dataset '{dataset.Name}' of pool '{pool.Name}' has the name of the zvol format-disks creates for VM '{vm}' on '{pool.Host}' ({storage.Volume}): ZFS cannot have both"
                            : $"dataset '{dataset.Name}' of pool '{pool.Name}' is under the zvol format-disks creates for VM '{vm}' on '{pool.Host}' ({storage.Volume}): a zvol holds no datasets",
                        $"rename the dataset (out of {VmStorage.VmsDataset}/), or the VM"));
                }
            }
        }
    }
}
