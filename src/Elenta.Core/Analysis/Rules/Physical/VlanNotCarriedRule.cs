using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7006: the switch port an interface is cabled to does not carry the VLAN of its address's network.</summary>
public sealed class VlanNotCarriedRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL7006", "Switch port does not carry the network's VLAN", Severity.Error, "Physical");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A canon address on an interface puts that interface on a network; a network with a vlan
        reaches the machine only if the switch port the interface is cabled to carries that VLAN:
        an access port set to it, or a trunk listing it (or having it as native VLAN). Addresses on
        alias and VLAN interfaces are checked on the interface they sit on; an address on a bond is
        checked on every member's link. This is the journal's "need to turn some ports on ... on
        the switch": the cadaster's port map says what the switch does, and this rule compares.
        Ports without an entry in the switch's portMap are not checked.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var cadaster = context.Site.Cadaster;
        foreach (var host in cadaster.Hosts)
        {
            foreach (var address in host.Canon)
            {
                if (address.Interface is not { } ifaceName || host.Interfaces[ifaceName] is not { } iface ||
                    context.Site.Networks[address.Network] is not { Vlan: { } vlan } network)
                {
                    continue;
                }

                foreach (var member in PhysicalFacts.Physical(host, iface))
                {
                    if (member.Link is not { } link || cadaster.Switches[link.Switch] is not { } sw || sw.PortMap[link.Port] is not { } port || Carries(port, vlan))
                    {
                        continue;
                    }

                    var via = member.Name == iface.Name ? string.Empty : $" (through {member.Name})";
                    context.Report(Rule.Create(link.Node.Location,
                        $"{host.Name}:{member.Name} is cabled to {sw.Name}:{link.Port}, which {Describe(port)}, but address '{address.Name}' on {iface.Name}{via} is on network '{network.Name}', VLAN {vlan}",
                        port.Mode == "trunk" ? $"add VLAN {vlan} to the trunk's vlans, or move the cable" : $"set the port to access VLAN {vlan} (or make it a trunk carrying {vlan}), or move the cable",
                        [
                            new RelatedLocation(port.Node.KeyAt(), $"{sw.Name} port {link.Port} is configured here"),
                            new RelatedLocation(address.Node.KeyAt(), $"address '{address.Name}' of {host.Name} is on network '{network.Name}'"),
                            new RelatedLocation(network.Node.At("vlan"), $"network '{network.Name}' is VLAN {vlan}"),
                        ]));
                }
            }
        }
    }

    private static bool Carries(SwitchPort port, int vlan) => port.Mode switch
    {
        "disabled" => false,
        "trunk" => port.Vlan == vlan || port.Vlans.Contains(vlan),
        _ => port.Vlan == vlan,
    };

    private static string Describe(SwitchPort port) => port.Mode switch
    {
        "disabled" => "is disabled",
        "trunk" => $"is a trunk carrying VLANs {string.Join(", ", port.Vlans)}" + (port.Vlan is { } n ? $" (native {n})" : string.Empty),
        _ => port.Vlan is { } v ? $"is an access port on VLAN {v}" : "is an access port with no VLAN",
    };
}
