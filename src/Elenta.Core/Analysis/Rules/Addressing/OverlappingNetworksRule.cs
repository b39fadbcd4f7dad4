using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>EL4004: two networks whose ranges share addresses.</summary>
public sealed class OverlappingNetworksRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4004", "Overlapping networks", Severity.Error, "Addressing");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "Two networks' CIDRs share addresses. A router between them (ifrit, say) cannot tell which side an " +
        "address in the shared range lives on, firewall zones built from the networks overlap, and two " +
        "reverse zones would claim the same PTR names. Give each network its own range; if one is meant " +
        "to be a part of the other, make it the only one.";

    public override void Analyze(AnalysisContext context)
    {
        // Sorted by first address, widest first; a sweep keeps the network that reaches furthest so far,
        // so every network that starts inside it overlaps it. n log n, not n².
        var sorted = context.Site.Networks
            .OrderBy(n => n.Cidr.First)
            .ThenBy(n => n.Cidr.PrefixLength)
            .ThenBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
        Network? reach = null;
        foreach (var network in sorted)
        {
            if (reach is not null && reach.Cidr.First.IsV6 == network.Cidr.First.IsV6 && network.Cidr.First.CompareTo(reach.Cidr.Last) <= 0)
            {
                context.Report(Rule.Create(network.Node.At("cidr"),
                    $"network '{network.Name}' ({network.Cidr}) overlaps network '{reach.Name}' ({reach.Cidr})",
                    "give each network a range of its own; shrink or move one of them",
                    [new RelatedLocation(reach.Node.At("cidr"), $"network '{reach.Name}' is {reach.Cidr}")]));
            }

            if (reach is null || reach.Cidr.First.IsV6 != network.Cidr.First.IsV6 || network.Cidr.Last.CompareTo(reach.Cidr.Last) > 0)
            {
                reach = network;
            }
        }
    }
}
