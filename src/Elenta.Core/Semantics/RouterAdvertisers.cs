using Elenta.Core.Model;

namespace Elenta.Core.Semantics;

/// <summary>
/// Who sends the router advertisements of an IPv6 network the site serves DHCPv6 on: the host that
/// holds the network's gateway address, on the interface that carries it. DHCPv6 hands out
/// addresses but no route: without advertisements carrying the Managed flag, clients neither ask
/// DHCPv6 nor find a router. The check (EL8063) reports a network with no such host; the DHCP
/// emitter writes radvd's configuration for the ones that have one.
/// </summary>
public static class RouterAdvertisers
{
    /// <summary>One network's advertiser, or why there is none (<see cref="Host"/> null).</summary>
    public sealed record Advertiser(Network Network, Host? Host, string? Interface, string? Missing);

    /// <summary>Every IPv6 network with a <c>dhcp</c> block, sorted by name.</summary>
    public static IReadOnlyList<Advertiser> Of(Site site)
    {
        var list = new List<Advertiser>();
        foreach (var network in site.Networks.Where(n => n.Cidr.Network.IsV6 && n.DhcpService is not null).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (network.Gateway is not { } gateway)
            {
                list.Add(new Advertiser(network, null, null, "it has no gateway"));
                continue;
            }

            var holder = site.Cadaster.Hosts
                .Select(h => (Host: h, Address: h.Canon.FirstOrDefault(c => c.Network == network.Name && c.Ip == gateway)))
                .FirstOrDefault(x => x.Address is not null);
            if (holder.Host is null)
            {
                list.Add(new Advertiser(network, null, null, $"its gateway {gateway} is no canon address of a host of the site (a router Elenta does not configure)"));
            }
            else if (holder.Host.Driver == DriverKind.None)
            {
                list.Add(new Advertiser(network, null, null, $"its gateway {gateway} is '{holder.Host.Name}', a host Elenta installs nothing on (driver: none)"));
            }
            else if (holder.Address!.Interface is not { } name)
            {
                list.Add(new Advertiser(network, null, null, $"the canon address {gateway} of '{holder.Host.Name}' names no interface to advertise on"));
            }
            else
            {
                // An alias has no link of its own: advertise on the interface it sits on; a NIC
                // enslaved to a bridge carries its address on the bridge.
                var nic = holder.Host.Interfaces[name] is { AliasOf: { } parent } ? holder.Host.Interfaces[parent] ?? holder.Host.Interfaces[name] : holder.Host.Interfaces[name];
                var link = nic is null ? name : nic.Bridge ?? nic.Name;
                list.Add(new Advertiser(network, holder.Host, link, null));
            }
        }

        return list;
    }
}
