using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics;

/// <summary>
/// The MAC address a DHCP server sees for an address carried by one of a host's interfaces.
/// A bond sends with its first member's MAC (Linux's default), a VLAN interface with its parent's;
/// an alias has no MAC of its own and its address is configured statically, so it has none here.
/// </summary>
public static class CarrierMac
{
    public static MacAddress? Of(Host host, string? interfaceName) => Of(host, interfaceName, depth: 0);

    private static MacAddress? Of(Host host, string? interfaceName, int depth)
    {
        // Interfaces may name each other in a cycle in a broken site; the depth bound ends the walk.
        if (interfaceName is null || depth > 8 || host.Interfaces[interfaceName] is not { } nic)
        {
            return null;
        }

        if (nic.AliasOf is not null)
        {
            return null;
        }

        if (nic.Mac is { } mac)
        {
            return mac;
        }

        if (nic.IsBond)
        {
            return Of(host, nic.BondMembers[0], depth + 1);
        }

        return nic.Parent is { } parent ? Of(host, parent, depth + 1) : null;
    }
}
