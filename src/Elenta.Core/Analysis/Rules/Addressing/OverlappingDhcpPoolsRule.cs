using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>EL4006: two networks' DHCP pools that share addresses.</summary>
public sealed class OverlappingDhcpPoolsRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4006", "Overlapping DHCP pools", Severity.Error, "Addressing");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "Two DHCP pools share addresses, so two servers (or two scopes of one server) may lease the same " +
        "address to two machines. This happens when networks overlap or when a pool was copied from " +
        "another network's and not edited. Each pool must be a range of its own.";

    public override void Analyze(AnalysisContext context)
    {
        var pools = context.Site.Networks
            .Where(n => n.Dhcp is { } p && p.From.IsV6 == p.To.IsV6 && p.From.CompareTo(p.To) <= 0)
            .OrderBy(n => n.Dhcp!.From)
            .ThenByDescending(n => n.Dhcp!.To)
            .ThenBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
        Network? reach = null;
        foreach (var network in pools)
        {
            var pool = network.Dhcp!;
            if (reach?.Dhcp is { } r && r.From.IsV6 == pool.From.IsV6 && pool.From.CompareTo(r.To) <= 0)
            {
                context.Report(Rule.Create(((MergedMapping)pool.Node).At("from"),
                    $"the DHCP pool of network '{network.Name}' ({pool.From} - {pool.To}) overlaps the pool of network '{reach.Name}' ({r.From} - {r.To})",
                    "make the pools disjoint ranges",
                    [new RelatedLocation(((MergedMapping)r.Node).At("from"), $"the pool of '{reach.Name}' is {r.From} - {r.To}")]));
            }

            if (reach?.Dhcp is not { } current || current.From.IsV6 != pool.From.IsV6 || pool.To.CompareTo(current.To) > 0)
            {
                reach = network;
            }
        }
    }
}
