using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Deploy;

/// <summary>EL9253: the roles' after: lists make machines wait for each other in a circle.</summary>
public sealed class DeployOrderCycleRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL9253", "after: lists make a cycle in the deploy order", Severity.Error, "Deploy");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        deploy, switch and boot start a machine only when the machines it comes after (its roles'
        after: lists) are done. When those lists lead from a machine back to itself, no machine of
        the circle can start first. Each cycle is reported once, at the after: entry that starts it,
        with every step around it.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var cycle in DeployHooks.Of(context.Resolved).Cycles())
        {
            static string Step(DeployEdge e) => $"{e.After} comes after {e.Before} (role '{e.Role}' says after: {e.Entry.Name})";
            context.Report(Rule.Create(cycle[0].Entry.Node.Location,
                $"the deploy order goes round in a circle: {string.Join(", ", cycle.Select(Step))}",
                "remove one of these after: entries: a machine cannot be deployed after itself",
                cycle.Skip(1).Select(e => new RelatedLocation(e.Entry.Node.Location, Step(e)))));
        }
    }
}
