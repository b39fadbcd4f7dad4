using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8006: a firewall rule can never match, because earlier rules already decide all of its ports.</summary>
public sealed class ShadowedFirewallRuleRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8006", "Firewall rule can never match", Severity.Warning, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Firewall rules are evaluated in order and the first match wins. A rule whose every port is
        already named (allowed or denied) by earlier rules for the same from and to zones (or for *)
        never decides anything: a deny written after the allow it was meant to restrict, or a rule
        duplicated by a merge. Remove it, or move it above the rule that shadows it.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var firewall in context.Site.Cadaster.Firewalls)
        {
            for (var i = 1; i < firewall.Rules.Count; i++)
            {
                var rule = firewall.Rules[i];
                var ports = rule.Allow.Concat(rule.Deny).ToList();
                if (ports.Count == 0)
                {
                    continue;
                }

                var earlier = firewall.Rules.Take(i)
                    .Select((r, index) => (Rule: r, Index: index))
                    .Where(e => Covers(e.Rule.From, rule.From) && Covers(e.Rule.To, rule.To))
                    .ToList();
                var earlierPorts = earlier.SelectMany(e => e.Rule.Allow.Concat(e.Rule.Deny)).ToList();
                if (!ports.All(p => IsCovered(p, earlierPorts)))
                {
                    continue;
                }

                var shadowing = earlier.Where(e => e.Rule.Allow.Concat(e.Rule.Deny).Any(a => ports.Any(a.Overlaps))).ToList();
                context.Report(Rule.Create(FirewallFacts.RuleAt(rule),
                    $"rule {i + 1} of firewall '{firewall.Name}' ({rule.From} -> {rule.To}: {string.Join(", ", ports)}) can never match: earlier rules already decide all of its ports",
                    "remove the rule, or move it above the rule that shadows it",
                    shadowing.Select(e => new RelatedLocation(FirewallFacts.RuleAt(e.Rule), $"rule {e.Index + 1} ({e.Rule.From} -> {e.Rule.To}) decides these ports first"))));
            }
        }
    }

    private static bool Covers(string earlier, string later) => earlier == "*" || earlier == later;

    /// <summary>Whether the union of the earlier port ranges holds every port of this one.</summary>
    private static bool IsCovered(PortSpec port, List<PortSpec> earlier)
    {
        var next = port.From;
        foreach (var range in earlier.Where(e => e.Protocol == port.Protocol).OrderBy(e => e.From))
        {
            if (range.From > next)
            {
                break;
            }

            next = Math.Max(next, range.To + 1);
            if (next > port.To)
            {
                return true;
            }
        }

        return next > port.To;
    }
}
