using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>EL4009: one MAC address on two interfaces, BMCs or guests.</summary>
public sealed class DuplicateMacAddressRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4009", "Duplicate MAC address", Severity.Error, "Addressing");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "MAC addresses identify machines to the switches, to DHCP reservations and to the netboot store " +
        "(images are found by MAC). Two interfaces with one MAC make the switch flap the address between " +
        "ports, and DHCP and netboot hand one machine's configuration to the other. Copied VM definitions " +
        "are the usual cause. Interfaces that share a MAC by design are not reported: the members of one " +
        "bond, and VLAN or alias interfaces with the interface they sit on.";

    public override void Analyze(AnalysisContext context)
    {
        foreach (var holders in Repeated.Groups(AddressInventory.Of(context.Site).Macs, f => f.Mac))
        {
            var first = holders[0];
            var others = holders.Where(h => h.SharingGroup != first.SharingGroup).ToList();
            if (others.Count == 0)
            {
                continue;
            }

            // Report each holder outside the first one's group; name every other holder as related.
            foreach (var holder in others)
            {
                context.Report(Rule.Create(holder.Location,
                    $"MAC {holder.Mac} of {holder.Owner} is also the MAC of {first.Owner}",
                    "every NIC needs its own MAC; for a VM, generate a new one (locally administered: second hex digit 2, 6, a or e)",
                    holders.Where(h => !ReferenceEquals(h, holder)).Select(h => new RelatedLocation(h.Location, $"{h.Mac} is also the MAC of {h.Owner}"))));
            }
        }
    }
}
