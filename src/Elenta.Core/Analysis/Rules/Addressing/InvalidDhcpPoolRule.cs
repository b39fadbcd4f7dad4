using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>EL4007: a DHCP pool whose ends are reversed or outside its network.</summary>
public sealed class InvalidDhcpPoolRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4007", "DHCP pool outside its network or reversed", Severity.Error, "Addressing");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "A network's DHCP pool runs from 'from' to 'to', both inside the network's CIDR, with 'from' not " +
        "after 'to'. dnsmasq and Kea refuse a range outside the subnet they serve, and a reversed range is " +
        "empty or rejected, so the network would have no dynamic addresses at all. An IPv4 pool that starts " +
        "at the network's own address or ends at its broadcast address would lease them to clients.";

    public override void Analyze(AnalysisContext context)
    {
        foreach (var network in context.Site.Networks)
        {
            if (network.Dhcp is not { } pool || pool.Node is not MergedMapping node)
            {
                continue;
            }

            var cidrAt = new RelatedLocation(network.Node.At("cidr"), $"network '{network.Name}' is {network.Cidr}");
            var outside = false;
            foreach (var (key, ip) in new[] { ("from", pool.From), ("to", pool.To) })
            {
                if (!network.Cidr.Contains(ip))
                {
                    outside = true;
                    context.Report(Rule.Create(node.At(key),
                        $"the DHCP pool's '{key}' address {ip} is outside network '{network.Name}' ({network.Cidr})",
                        $"choose pool addresses inside {network.Cidr}",
                        [cidrAt]));
                }
                else if (!ip.IsV6 && NetworkOrBroadcastAddressRule.SpecialAddress(network.Cidr, ip) is { } what)
                {
                    outside = true;
                    context.Report(Rule.Create(node.At(key),
                        $"the DHCP pool's '{key}' address {ip} is {what} of network '{network.Name}' ({network.Cidr}): DHCP would lease it to a client",
                        $"{(key == "from" ? "start" : "end")} the pool at {(key == "from" ? ip.Add(1) : ip.Add(-1))}",
                        [cidrAt]));
                }
            }

            if (!outside && pool.From.CompareTo(pool.To) > 0)
            {
                context.Report(Rule.Create(node.At("from"),
                    $"the DHCP pool of network '{network.Name}' starts at {pool.From}, after its end {pool.To}",
                    "swap 'from' and 'to'",
                    [new RelatedLocation(node.At("to"), $"the pool ends at {pool.To}")]));
            }
        }
    }
}
