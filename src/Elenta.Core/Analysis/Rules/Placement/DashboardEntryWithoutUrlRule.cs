using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Placement;

/// <summary>EL6010: a placed role's dashboard entry has no url and nothing to link to instead.</summary>
public sealed class DashboardEntryWithoutUrlRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL6010", "A dashboard entry has no URL", Severity.Warning, "Placement");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A role's dashboard entries become links on the site dashboard. An entry without url: links
        to the role's proxy entry (when the constellation has a domain), else to its first TCP
        service on the machine's canon name. With none of these there is nothing to link to, and
        `elenta build` leaves the entry off the dashboard. (This replaced the build's EL9090.)
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        foreach (var (_, placed) in PlacementFacts.ByRole(site))
        {
            var role = placed[0].Role;
            foreach (var entry in role.Dashboard)
            {
                if (DashboardLinks.LinksWherePlaced(role, entry))
                {
                    continue;
                }

                foreach (var p in placed)
                {
                    if (!DashboardLinks.HasLink(site, p.Constellation, p.Instance, role, entry))
                    {
                        context.Report(Rule.Create(entry.Node.Location,
                            $"dashboard entry '{entry.Title}' of instance '{p.Name}' has no url, and its role has no proxy entry and no TCP service to link to; it is left off the dashboard",
                            "set url on the entry, or give the role a proxy entry or a service"));
                    }
                }
            }
        }
    }
}
