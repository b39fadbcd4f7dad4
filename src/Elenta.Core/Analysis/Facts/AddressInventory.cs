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
                addresses.Add(new AddressFact(AddressHolder.Canon, canon.Network, canon.Ip, canon.Name, host.Name, canon.Shared, (MergedMapping)canon.Node));
            }

            if (host.Bmc is { } bmc)
            {
                var bmcNode = (MergedMapping)bmc.Node;
                addresses.Add(new AddressFact(AddressHolder.Bmc, bmc.Network, bmc.Ip, bmc.Label, host.Name, false, bmcNode));
                if (bmc.Mac is { } bmcMac)
                {
                    macs.Add(new AddressMacFact(bmcMac, MacHolder.Bmc, bmc.Label, host.Name, new MacSharingGroup("bmc", host.Name, null), bmcNode));
                }
            }

            var plain = IsPlain(host);
            foreach (var iface in host.Interfaces)
            {
                if (iface.Mac is { } mac && iface.Node is MergedMapping ifaceNode)
                {
                    var root = plain ? iface.Name : GroupOf(host, iface);
                    macs.Add(new AddressMacFact(mac, MacHolder.Interface, iface.Name, host.Name, new MacSharingGroup("host", host.Name, root), ifaceNode));
                }
            }
        }

        foreach (var sw in site.Cadaster.Switches)
        {
            if (sw.Management is { } mgmt && sw.Node.Map("management") is { } mgmtNode)
            {
                addresses.Add(new AddressFact(AddressHolder.SwitchManagement, mgmt.Network, mgmt.Ip, sw.Name, null, false, mgmtNode));
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

                var vm = instance.Kind == InstanceKind.Vm;
                if (instance.Address is { } address)
                {
                    addresses.Add(new AddressFact(vm ? AddressHolder.Vm : AddressHolder.Container, address.Network, address.Ip, instance.Name, instance.Host, false, (MergedMapping)address.Node));
                }

                if (instance.Mac is { } guestMac)
                {
                    macs.Add(new AddressMacFact(guestMac, vm ? MacHolder.Vm : MacHolder.Container, instance.Name, null, new MacSharingGroup("guest", constellation.Name, instance.Name), instance.Node));
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

    /// <summary>Whether no interface of the host is a bond, a VLAN or an alias (most hosts): then each is its own sharing group.</summary>
    private static bool IsPlain(Host host)
    {
        foreach (var iface in host.Interfaces)
        {
            if (iface.BondMembers.Count > 0 || iface.Parent is not null || iface.AliasOf is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The interface whose sharing group <paramref name="iface"/> is in: a bond and its members
    /// share the bond's group; VLAN and alias interfaces share the group of what they sit on.
    /// </summary>
    private static string GroupOf(Host host, NetInterface iface)
    {
        var current = iface;

        // Follow VLAN parents and alias targets to the physical interface; the bound stops a cycle.
        for (var hops = 0; hops < 16 && (current.Parent ?? current.AliasOf) is { } below && host.Interfaces[below] is { } next; hops++)
        {
            current = next;
        }

        return host.BondOf(current.Name) ?? current.Name;
    }
}
