using System.Runtime.CompilerServices;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Facts;

/// <summary>
/// Every IP and MAC address the site assigns (canon addresses, BMCs, guests, switch management), in
/// definition order. Built once per site and shared by the addressing and DNS rules.
/// </summary>
public sealed class AddressInventory
{
    private static readonly ConditionalWeakTable<Site, Lazy<AddressInventory>> Cache = new();

    private AddressInventory(Site site)
    {
        var addresses = new List<AddressFact>();
        var macs = new List<AddressMacFact>();
        foreach (var host in site.Cadaster.Hosts)
        {
            foreach (var canon in host.Canon)
            {
                addresses.Add(new AddressFact(AddressHolder.Canon, canon.Network, canon.Ip, $"canon address '{canon.Name}' of '{host.Name}'", host.Name, canon.Shared,
                    ((MergedMapping)canon.Node).At("ip")));
            }

            if (host.Bmc is { } bmc)
            {
                var bmcNode = (MergedMapping)bmc.Node;
                addresses.Add(new AddressFact(AddressHolder.Bmc, bmc.Network, bmc.Ip, $"BMC '{bmc.Label}' of '{host.Name}'", host.Name, false, bmcNode.At("ip")));
                if (bmc.Mac is { } bmcMac)
                {
                    macs.Add(new AddressMacFact(bmcMac, $"BMC '{bmc.Label}' of '{host.Name}'", $"bmc:{host.Name}", bmcNode.At("mac")));
                }
            }

            var groups = InterfaceSharingGroups(host);
            foreach (var iface in host.Interfaces)
            {
                if (iface.Mac is { } mac && iface.Node is MergedMapping ifaceNode)
                {
                    macs.Add(new AddressMacFact(mac, $"interface '{iface.Name}' of '{host.Name}'", groups[iface.Name], ifaceNode.At("mac")));
                }
            }
        }

        foreach (var sw in site.Cadaster.Switches)
        {
            if (sw.Management is { } mgmt && sw.Node.Map("management") is { } mgmtNode)
            {
                addresses.Add(new AddressFact(AddressHolder.SwitchManagement, mgmt.Network, mgmt.Ip, $"management address of switch '{sw.Name}'", null, false, mgmtNode.At("ip")));
            }
        }

        foreach (var constellation in site.Constellations)
        {
            foreach (var instance in constellation.Instances)
            {
                if (instance.Kind == InstanceKind.Host)
                {
                    continue;
                }

                var what = instance.Kind == InstanceKind.Vm ? "VM" : "container";
                if (instance.Address is { } address)
                {
                    addresses.Add(new AddressFact(instance.Kind == InstanceKind.Vm ? AddressHolder.Vm : AddressHolder.Container, address.Network, address.Ip,
                        $"{what} '{instance.Name}'", instance.Host, false, ((MergedMapping)address.Node).At("ip")));
                }

                if (instance.Mac is { } guestMac)
                {
                    macs.Add(new AddressMacFact(guestMac, $"{what} '{instance.Name}'", $"guest:{constellation.Name}:{instance.Name}", instance.Node.At("mac")));
                }
            }
        }

        Addresses = addresses;
        Macs = macs;
    }

    public IReadOnlyList<AddressFact> Addresses { get; }

    public IReadOnlyList<AddressMacFact> Macs { get; }

    /// <summary>The inventory of a site; computed once, whichever rule asks first.</summary>
    public static AddressInventory Of(Site site) => Cache.GetValue(site, s => new Lazy<AddressInventory>(() => new AddressInventory(s))).Value;

    /// <summary>
    /// For each interface, the group whose members may share one MAC: a bond and its members share the
    /// bond's group; VLAN and alias interfaces share the group of what they sit on.
    /// </summary>
    private static Dictionary<string, string> InterfaceSharingGroups(Host host)
    {
        var bondOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var iface in host.Interfaces)
        {
            foreach (var member in iface.BondMembers)
            {
                bondOf.TryAdd(member, iface.Name);
            }
        }

        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var iface in host.Interfaces)
        {
            var current = iface;

            // Follow VLAN parents and alias targets to the physical interface; the bound stops a cycle.
            for (var hops = 0; hops < 16 && (current.Parent ?? current.AliasOf) is { } below && host.Interfaces[below] is { } next; hops++)
            {
                current = next;
            }

            var root = bondOf.GetValueOrDefault(current.Name) ?? current.Name;
            groups[iface.Name] = $"host:{host.Name}:{root}";
        }

        return groups;
    }
}
