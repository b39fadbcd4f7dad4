using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;

namespace Elenta.Core.Analysis.Rules.Deploy;

/// <summary>EL9254: a role's after: list names a role that no constellation places: nothing is deployed first.</summary>
public sealed class DeployAfterNothingRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL9254", "after: names a role placed on no machine", Severity.Warning, "Deploy");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A role named in after: stands for the machines it is placed on. A role no constellation
        places has none: the machines of the role that names it wait for nothing, which is rarely
        what was meant (a role renamed, or placed under another name).
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        if (!site.Roles.Any(r => r.After.Count > 0))
        {
            return;
        }

        var placed = PlacementFacts.ByRole(site);
        foreach (var role in site.Roles)
        {
            foreach (var entry in role.After.Where(a => site.Roles[a.Name] is not null && !placed.ContainsKey(a.Name)))
            {
                context.Report(Rule.Create(entry.Node.Location,
                    $"role '{role.Name}' is deployed after role '{entry.Name}', which no constellation places: nothing goes first",
                    $"place role '{entry.Name}', or name the machines that must go first"));
            }
        }
    }
}
