using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>EL4008: a network's gateway that the network does not contain.</summary>
public sealed class GatewayOutsideNetworkRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4008", "Gateway outside its network", Severity.Error, "Addressing");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "A default gateway must be on the link: machines send off-network traffic to the gateway's MAC, " +
        "which they find by ARP, and ARP only reaches addresses of their own network. A gateway outside " +
        "the CIDR leaves every machine that DHCP configures without a route out. The network's own " +
        "address and its broadcast address are on no router either.";

    public override void Analyze(AnalysisContext context)
    {
        foreach (var network in context.Site.Networks)
        {
            if (network.Gateway is { } gateway && !network.Cidr.Contains(gateway))
            {
                context.Report(Rule.Create(network.Node.At("gateway"),
                    $"gateway {gateway} of network '{network.Name}' is outside the network ({network.Cidr})",
                    $"use the address the router has inside {network.Cidr}",
                    [new RelatedLocation(network.Node.At("cidr"), $"network '{network.Name}' is {network.Cidr}")]));
            }
            else if (network.Gateway is { } special && !special.IsV6 && NetworkOrBroadcastAddressRule.SpecialAddress(network.Cidr, special) is { } what)
            {
                context.Report(Rule.Create(network.Node.At("gateway"),
                    $"gateway {special} of network '{network.Name}' ({network.Cidr}) is {what}, which no router can have",
                    $"use the router's own address, between {network.Cidr.First.Add(1)} and {network.Cidr.Last.Add(-1)}",
                    [new RelatedLocation(network.Node.At("cidr"), $"network '{network.Name}' is {network.Cidr}")]));
            }
        }
    }
}
