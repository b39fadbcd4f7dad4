using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Placement;

/// <summary>EL6006: a constellation places a role more times than its maxPerConstellation allows.</summary>
public sealed class MaxPerConstellationRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL6006", "Role placed more often than maxPerConstellation", Severity.Error, "Placement");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A role with maxPerConstellation: N may be placed at most N times in one constellation: a
        DHCP server or a primary that must be unique, say. Every instance past the N-th is reported,
        with the role's limit and the instances that came first.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var groups = PlacementFacts.Placed(context.Site)
            .Where(p => p.Role.MaxPerConstellation is not null)
            .GroupBy(p => (p.Constellation.Name, p.Role.Name));
        foreach (var group in groups)
        {
            var instances = group.ToList();
            var max = instances[0].Role.MaxPerConstellation!.Value;
            if (instances.Count <= max)
            {
                continue;
            }

            var limit = instances[0].Role.Node.At("maxPerConstellation");
            for (var i = max; i < instances.Count; i++)
            {
                var p = instances[i];
                var related = new List<RelatedLocation> { new(limit, $"role '{p.Role.Name}' allows {max} per constellation here") };
                related.AddRange(instances.Take(max).Select(o => new RelatedLocation(o.KeyLocation, $"{o.Describe()} is placed here")));
                context.Report(Rule.Create(p.KeyLocation,
                    $"constellation '{p.Constellation.Name}' places role '{p.Role.Name}' {instances.Count} times, at most {max} allowed; {p.Describe()} is one too many",
                    $"remove this instance, or raise maxPerConstellation of role '{p.Role.Name}' if more are really fine",
                    related));
            }
        }
    }
}
