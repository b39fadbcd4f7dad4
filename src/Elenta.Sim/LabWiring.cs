using System.Globalization;
using Elenta.Core.Semantics;

namespace Elenta.Sim;

/// <summary>
/// How a machine's interfaces become the lab's links, from the one answer the site has for them
/// (<see cref="MachineSetup"/>, which the views and the NixOS configuration use too): the interface
/// that carries a network's addresses (after aliases and bridges) is a <see cref="LabInterface"/>;
/// under it, a plain NIC is a veth plugged into that network's bridge, a bond is a bond device over
/// one veth per member NIC (each with its cadaster MAC), a bridge is a bridge over its ports. A VLAN
/// interface is a veth of its own, untagged, in its network's bridge (see docs/sim.md). A second
/// network on one carrier gets a veth of its own (ethN): a veth plugs into one bridge only.
/// </summary>
internal static class Wiring
{
    public static (List<LabInterface> Interfaces, List<LabNic> Nics, List<LabDevice> Devices) OfHost(MachineSetup setup, IReadOnlyList<ViewAddress> addresses)
    {
        var byName = setup.Interfaces.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var interfaces = new List<LabInterface>();
        var nics = new List<LabNic>();
        var devices = new List<LabDevice>();
        var used = new HashSet<string>(StringComparer.Ordinal);

        // Makes the device and what it is made of (members first); its name in the machine and its
        // MAC (a bond's or bridge's own, else its first member's, which Linux would give it too), or
        // null when nothing of it can be made.
        (string Name, string? Mac)? Realize(SetupInterface device, string network)
        {
            var name = InterfaceName(device.Name, nics.Count);
            if (!used.Add(name))
            {
                return null; // already made for another network (the site's mistake, which analysis reports)
            }

            if (device.Kind is "bond" or "bridge")
            {
                var members = device.Members.Select(m => byName.TryGetValue(m, out var member) ? Realize(member, network) : null).OfType<(string Name, string? Mac)>().ToList();
                if (members.Count == 0)
                {
                    used.Remove(name);
                    return null;
                }

                var mac = device.Mac?.ToString() ?? members[0].Mac;
                devices.Add(new LabDevice(name, device.Kind, members.Select(m => m.Name).ToList(), device.Kind == "bond" ? device.BondMode : null) { Mac = mac });
                return (name, mac);
            }

            nics.Add(new LabNic(name, device.Mac?.ToString(), network));
            return (name, device.Mac?.ToString());
        }

        // Addresses the cadaster gives on no interface: an interface of their own, as a guest's.
        var carried = setup.Interfaces.SelectMany(i => i.Addresses).Select(a => a.Ip).ToHashSet();
        var loose = addresses.Where(a => !carried.Contains(a.Ip)).Select(a => new SetupAddress(a.Ip, setup.Networks.FirstOrDefault(n => n.Name == a.Network)?.Cidr.PrefixLength ?? (a.Ip.IsV6 ? 128 : 32), a.Network, null)).ToList();
        var carriers = setup.Interfaces.Where(i => i.Addresses.Count > 0).Select(i => (Interface: (SetupInterface?)i, i.Addresses))
            .Append((Interface: null, Addresses: loose)).Where(c => c.Addresses.Count > 0);
        foreach (var (carrier, carrierAddresses) in carriers)
        {
            var first = carrier is not null;
            foreach (var group in carrierAddresses.GroupBy(a => a.Network, StringComparer.Ordinal))
            {
                var withPrefix = group.Select(a => a.Ip + "/" + a.PrefixLength.ToString(CultureInfo.InvariantCulture)).Distinct(StringComparer.Ordinal).ToList();
                var made = first ? Realize(carrier!, group.Key) : null;
                first = false;
                if (made is not { } device)
                {
                    var name = "eth" + nics.Count.ToString(CultureInfo.InvariantCulture);
                    while (!used.Add(name))
                    {
                        name += "x";
                    }

                    nics.Add(new LabNic(name, null, group.Key));
                    interfaces.Add(new LabInterface(name, null, group.Key, withPrefix));
                    continue;
                }

                interfaces.Add(new LabInterface(device.Name, device.Mac, group.Key, withPrefix));
            }
        }

        return (interfaces, nics, devices);
    }

    /// <summary>A guest: one NIC per network (eth0 first), with the instance's MAC on the first.</summary>
    public static (List<LabInterface> Interfaces, List<LabNic> Nics, List<LabDevice> Devices) OfGuest(IReadOnlyList<ViewAddress> addresses, Core.Model.Site site)
    {
        var interfaces = new List<LabInterface>();
        var nics = new List<LabNic>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in addresses.GroupBy(a => (Interface: a.Interface ?? "eth0", a.Network)))
        {
            var mac = group.Select(a => a.Mac?.ToString()).FirstOrDefault(m => m is not null);
            var name = InterfaceName(group.Key.Interface, interfaces.Count);
            if (!used.Add(name))
            {
                name = "eth" + interfaces.Count.ToString(CultureInfo.InvariantCulture);
                used.Add(name);
                mac = null;
            }

            var withPrefix = group.Select(a => a.Ip + "/" + site.Networks[a.Network]!.Cidr.PrefixLength.ToString(CultureInfo.InvariantCulture)).Distinct(StringComparer.Ordinal).ToList();
            interfaces.Add(new LabInterface(name, mac, group.Key.Network, withPrefix));
            nics.Add(new LabNic(name, mac, group.Key.Network));
        }

        return (interfaces, nics, []);
    }

    /// <summary>The cadaster's interface name when the kernel takes it (at most 15 bytes, no '/' or space), else ethN.</summary>
    private static string InterfaceName(string? name, int index) =>
        name is { Length: > 0 and <= 15 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? name
            : "eth" + index.ToString(CultureInfo.InvariantCulture);
}
