using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7014: an address on a VLAN interface that tags another VLAN than its network's.</summary>
public sealed class VlanIdMismatchRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL7014", "VLAN interface tags another VLAN than its network's", Severity.Error, "Physical");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A canon address on a VLAN interface (interfaces.X: { vlan: N, parent: P }) sends its frames
        tagged N. When the address's network says it is another VLAN (networks.Y.vlan), the
        machine tags its traffic for a VLAN the network is not on: the switches carry it elsewhere
        or drop it, and the machine is cut off from the network. Addresses on an alias of a VLAN
        interface are checked on the VLAN interface. Make the two numbers agree.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var host in context.Site.Cadaster.Hosts)
        {
            foreach (var address in host.Canon)
            {
                if (address.Interface is not { } name || host.Interfaces[name] is not { } given
                    || context.Site.Networks[address.Network] is not { Vlan: { } vlan } network)
                {
                    continue;
                }

                // An alias carries its parent's VLAN.
                var iface = given.AliasOf is { } parent && host.Interfaces[parent] is { } aliased ? aliased : given;
                if (iface.Vlan is not { } tag || tag == vlan)
                {
                    continue;
                }

                var at = iface.Node is Elenta.Core.Merging.MergedMapping m && m.Child("vlan") is not null ? m.At("vlan") : iface.Node.KeyLocation ?? iface.Node.Location;
                var via = iface == given ? string.Empty : $" (an alias of {iface.Name})";
                context.Report(Rule.Create(at,
                    $"{host.Name}'s {iface.Name} tags VLAN {tag}, but address '{address.Name}' on {given.Name}{via} is on network '{network.Name}', VLAN {vlan}",
                    $"make {iface.Name} 'vlan: {vlan}', or network '{network.Name}' 'vlan: {tag}' if that is the one the switches carry",
                    [
                        new RelatedLocation(address.Node.KeyLocation ?? address.Node.Location, $"address '{address.Name}' of {host.Name} is on network '{network.Name}'"),
                        new RelatedLocation(network.Node.At("vlan"), $"network '{network.Name}' is VLAN {vlan}"),
                    ]));
            }
        }
    }
}
