using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Deploy;

/// <summary>EL9252: a role's after: list names neither a role nor a machine of the site.</summary>
public sealed class UnknownDeployAfterRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL9252", "after: names no role or machine", Severity.Error, "Deploy");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A role's after: list says which machines are deployed before the machines of the role ("DNS
        and routers first"): each name is a role (every machine it is placed on) or a machine (by
        its name or canon name). A name that is neither orders nothing; it is most likely a typo.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        var hooks = DeployHooks.Of(context.Resolved);
        foreach (var role in site.Roles)
        {
            foreach (var entry in role.After.Where(a => site.Roles[a.Name] is null && hooks.MachineNamed(a.Name) is null))
            {
                var suggestion = Suggest.Closest(entry.Name, site.Roles.Select(r => r.Name).Concat(context.Resolved.Machines.Select(m => m.Name)).ToList());
                context.Report(Rule.Create(entry.Node.Location,
                    $"role '{role.Name}' is deployed after '{entry.Name}', which is no role and no machine of the site" + (suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?"),
                    "name a role (its machines go first) or a machine, or remove the name from after:"));
            }
        }
    }
}
