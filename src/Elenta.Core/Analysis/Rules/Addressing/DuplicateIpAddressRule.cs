using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>EL4001: one IP address given to two things on one network.</summary>
public sealed class DuplicateIpAddressRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4001", "Duplicate IP address on a network", Severity.Error, "Addressing");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "Every canon address, BMC, VM or container address and switch management address on one network " +
        "must be unique: two machines answering ARP for one address take turns receiving its traffic, and " +
        "the generated DNS and DHCP data would contradict itself. A virtual address that several machines " +
        "hold on purpose (a VIP kept by keepalived, an anycast address) is allowed when every canon address " +
        "holding it says 'shared: true'.";

    public override void Analyze(AnalysisContext context)
    {
        foreach (var holders in Repeated.Groups(AddressInventory.Of(context.Site).Addresses, f => (f.Network, f.Ip)))
        {
            if (holders.All(h => h.Shared))
            {
                continue;
            }

            var first = holders[0];
            foreach (var holder in holders.Skip(1))
            {
                context.Report(Rule.Create(holder.Location,
                    $"{holder.Ip} on network '{holder.Network}' is given to {holder.Owner}, but it is already the address of {first.Owner}",
                    "give each machine its own address; if several machines hold this address on purpose (a VIP or anycast), mark every canon address holding it 'shared: true'",
                    holders.Where(h => !ReferenceEquals(h, holder)).Select(h => new RelatedLocation(h.Location, $"{h.Ip} is also the address of {h.Owner}"))));
            }
        }
    }
}
