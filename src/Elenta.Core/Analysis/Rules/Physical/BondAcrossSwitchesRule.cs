using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7007: the members of one bond are cabled to different switches.</summary>
public sealed class BondAcrossSwitchesRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL7007", "Bond members cabled to different switches", Severity.Warning, "Physical");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        An 802.3ad (LACP) bond aggregates links that end on one switch, or on switches stacked to
        act as one; members cabled to two independent switches never form an aggregate. Other bond
        modes (active-backup) can span switches, which is why this is a warning: turn it off for
        that host's bond if it is deliberate, or recable the members onto one switch.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var cadaster = context.Site.Cadaster;
        foreach (var host in cadaster.Hosts)
        {
            foreach (var bond in host.Interfaces)
            {
                if (!bond.IsBond || !OnTwoSwitches(host, bond, cadaster))
                {
                    continue; // nearly every bond: the lists below are made only for a report
                }

                var linked = bond.BondMembers
                    .Select(m => host.Interfaces[m])
                    .OfType<NetInterface>()
                    .Where(m => m.Link is not null && context.Site.Cadaster.Switches.Contains(m.Link.Switch))
                    .ToList();
                var switches = linked.Select(m => m.Link!.Switch).Distinct(StringComparer.Ordinal).ToList();
                if (switches.Count < 2)
                {
                    continue;
                }

                var mode = bond.BondMode is { } bm ? $" ({bm})" : string.Empty;
                context.Report(Rule.Create(bond.Node.KeyAt(),
                    $"bond '{bond.Name}'{mode} of '{host.Name}' has members on switches {string.Join(" and ", switches.Select(s => $"'{s}'"))}",
                    "cable every member to one switch (or a stack); 802.3ad needs one switch at the other end",
                    linked.Select(l => new RelatedLocation(l.Link!.Node.Location, $"{l.Name} is cabled to {l.Link.Switch}:{l.Link.Port}"))));
            }
        }
    }

    /// <summary>Whether two members of <paramref name="bond"/> are cabled to different switches of the site.</summary>
    private static bool OnTwoSwitches(Host host, NetInterface bond, Cadaster cadaster)
    {
        string? first = null;
        var members = bond.BondMembers;
        for (var i = 0; i < members.Count; i++)
        {
            if (host.Interfaces[members[i]] is not { Link: { } link } || !cadaster.Switches.Contains(link.Switch))
            {
                continue;
            }

            if (first is null)
            {
                first = link.Switch;
            }
            else if (!string.Equals(first, link.Switch, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
