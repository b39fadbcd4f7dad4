using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Placement;

/// <summary>EL6003: two roles on one machine mount the same path.</summary>
public sealed class MountCollisionRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL6003", "Two roles mount the same path on one machine", Severity.Error, "Placement");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A role's mounts claim a path on the machine it runs on. Roles placed in hostConfig share the
        host's filesystem, so two different roles there cannot both mount the same path: whichever
        mounts last hides the other's data. VMs and containers have filesystems of their own. Checked
        across every constellation being checked (the journal's "colliding filesystem
        assignments/mounts"). The same role placed twice on the host merges and is not a collision.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var claims = new Dictionary<(string Machine, string Path), (PlacedInstance Instance, Mount Mount)>();
        foreach (var p in PlacementFacts.DistinctRunning(context.Site))
        {
            var machine = p.Instance.Kind == InstanceKind.Host ? "host/" + p.Instance.Host : "guest/" + p.Constellation.Name + "/" + p.Name;
            foreach (var mount in p.Role.Mounts)
            {
                var path = mount.Path.Length > 1 ? mount.Path.TrimEnd('/') : mount.Path;
                if (path.Length == 0)
                {
                    continue;
                }

                if (!claims.TryGetValue((machine, path), out var first))
                {
                    claims[(machine, path)] = (p, mount);
                    continue;
                }

                if (ReferenceEquals(first.Instance.Instance, p.Instance))
                {
                    continue;
                }

                context.Report(Rule.Create(((Merging.MergedMapping)mount.Node).At("path"),
                    $"{p.Describe()} mounts {path} on '{p.Instance.Host}', which {first.Instance.Describe()} already mounts",
                    "place one of the roles on another machine or in a VM or container, or give one of the mounts another path",
                    [
                        new RelatedLocation(((Merging.MergedMapping)first.Mount.Node).At("path"), $"role '{first.Instance.Role.Name}' mounts {path} here"),
                        new RelatedLocation(first.Instance.KeyLocation, $"{first.Instance.Describe()} is placed here"),
                        new RelatedLocation(p.KeyLocation, $"{p.Describe()} is placed here"),
                    ]));
            }
        }
    }
}
