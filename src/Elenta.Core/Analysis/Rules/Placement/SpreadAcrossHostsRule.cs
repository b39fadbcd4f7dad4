using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Placement;

/// <summary>EL6007: two instances of a <c>spread: host</c> role share one physical host.</summary>
public sealed class SpreadAcrossHostsRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL6007", "Anti-affinity broken: two instances on one host", Severity.Error, "Placement");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A role with spread: host is anti-affine: its instances exist so that losing one machine does
        not lose the service (replicas, a primary and its secondary). Within one constellation no two
        instances of such a role may sit on the same physical host; VMs and containers count as being
        on the host that runs them, so two VMs on one R730 break the spread as surely as two
        hostConfig entries do.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var first = new Dictionary<(string Constellation, string Role, string Host), PlacedInstance>();
        foreach (var p in PlacementFacts.Placed(context.Site))
        {
            if (!p.Role.SpreadAcrossHosts)
            {
                continue;
            }

            var key = (p.Constellation.Name, p.Role.Name, p.Instance.Host);
            if (!first.TryGetValue(key, out var earlier))
            {
                first[key] = p;
                continue;
            }

            context.Report(Rule.Create(p.KeyLocation,
                $"{p.Describe()} is on host '{p.Instance.Host}' with {earlier.Describe()}, but role '{p.Role.Name}' must spread across hosts",
                "place this instance on another host, so one machine going down does not take both",
                [
                    new RelatedLocation(earlier.KeyLocation, $"{earlier.Describe()} is placed here"),
                    new RelatedLocation(p.Role.Node.At("spread"), $"role '{p.Role.Name}' asks to spread across hosts here"),
                ]));
        }
    }
}
