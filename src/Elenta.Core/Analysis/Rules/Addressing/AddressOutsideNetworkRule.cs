using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>EL4002: an address that its network's CIDR does not contain.</summary>
public sealed class AddressOutsideNetworkRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4002", "Address outside its network", Severity.Error, "Addressing");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "An address is declared on a network (a canon address, BMC, guest or switch management address " +
        "names one) but lies outside that network's CIDR. The machine could not reach its neighbours or " +
        "its gateway without a route, DHCP would not hand the address out on that segment, and the " +
        "reverse zone generated for the network would not cover it. Usually a typo in the address or the " +
        "wrong network name.";

    public override void Analyze(AnalysisContext context)
    {
        foreach (var fact in AddressInventory.Of(context.Site).Addresses)
        {
            if (context.Site.Networks[fact.Network] is not { } network || network.Cidr.Contains(fact.Ip))
            {
                continue;
            }

            context.Report(Rule.Create(fact.Location,
                $"{fact.Ip}, the address of {fact.Owner}, is outside network '{network.Name}' ({network.Cidr})",
                $"use an address inside {network.Cidr}, or put it on the network whose range holds {fact.Ip}",
                [new RelatedLocation(network.Node.At("cidr"), $"network '{network.Name}' is {network.Cidr}")]));
        }
    }
}
