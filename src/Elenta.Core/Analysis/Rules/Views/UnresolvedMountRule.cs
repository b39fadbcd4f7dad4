using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Views;

/// <summary>EL9222: a mount names a dataset its machine can neither mount from its own pools nor reach over NFS.</summary>
public sealed class UnresolvedMountRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL9222", "Mounted dataset is on no pool of the machine and exported by nobody", Severity.Error, "Views");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A role's mount with a dataset (pool/dataset) becomes, in the machine's view, either a ZFS
        mount (the dataset is on a pool of the machine itself, cadaster.storage.pools) or an NFS
        mount from the machine whose role exports it (a mount with export: true of the same
        dataset). A dataset that is neither cannot be mounted, and an export of a dataset that is
        not on a pool of the exporting machine has nothing to serve. A VM or container has no pools:
        it mounts datasets over NFS.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var facts = SetupFacts.Of(context.Resolved);
        var byRole = PlacementFacts.ByRole(context.Site);
        foreach (var role in context.Site.Roles)
        {
            // Only the few roles that mount a dataset, and their instances; the same role on one host once.
            if (!role.Mounts.Any(m => m.Dataset is not null) || !byRole.TryGetValue(role.Name, out var placed))
            {
                continue;
            }

            foreach (var p in PlacementFacts.DistinctRunning(placed))
            {
                Check(context, facts, p);
            }
        }
    }

    private static void Check(AnalysisContext context, SetupFacts facts, PlacedInstance p)
    {
        foreach (var mount in p.Role.Mounts)
        {
            if (mount.Dataset is not { } dataset)
            {
                continue;
            }

            // As the view sees it: every guest is a machine of its own, with no pools.
            var isHost = p.Instance.Kind == Model.InstanceKind.Host;
            var machine = p.Instance.Machine;
            var local = facts.IsLocal(machine, isHost, dataset);
            var at = ((MergedMapping)mount.Node).At("dataset");
            var pool = facts.Dataset(dataset);
            var where = pool is { } d ? $"dataset '{dataset}' is on pool '{d.Pool.Name}' of '{d.Pool.Host}'" : $"no pool in cadaster.storage.pools has a dataset '{dataset}'";
            if (mount.Export && !local)
            {
                context.Report(Rule.Create(at,
                    $"{p.Describe()} exports {mount.Path} from dataset '{dataset}', but {where}{(pool is null ? string.Empty : $", not on '{machine}'")}",
                    isHost
                        ? $"add the dataset to a pool of '{machine}' (cadaster.storage.pools), or place the exporting role on the host that has the pool"
                        : $"place the exporting role on the host that has the pool (in hostConfig): a {p.Instance.Kind.ToString().ToLowerInvariant()} has no pools"));
            }
            else if (!mount.Export && !local && facts.ExporterOf(dataset) is null)
            {
                context.Report(Rule.Create(at,
                    $"{p.Describe()} mounts dataset '{dataset}' at {mount.Path}, but {where} and no role exports it, so '{machine}' cannot mount it",
                    $"export the dataset from the machine that has its pool (a mount with dataset: {dataset} and export: true), or give '{machine}' a pool with that dataset"));
            }
        }
    }
}
