using Elenta.Core.Diagnostics;
using Elenta.Core.Emit.Netboot;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dhcp;

/// <summary>
/// Decides, per IPv4 network, what DHCP hands out: the pool, the options, a reservation for every
/// address whose MAC the site knows (host canon addresses, BMCs, guests), and which reservations
/// netboot. A network gets a plan when it has a pool or at least one reservation.
/// </summary>
public static class DhcpPlanner
{
    public static IReadOnlyList<DhcpNetworkPlan> Plan(ResolvedSite resolved, DiagnosticBag diagnostics)
    {
        var site = resolved.Site;
        var baseUrl = NetbootLayout.UsableBaseUrl(site.Settings.NetbootStore);
        var tftp = TftpServerOf(resolved, baseUrl);
        var candidatesByNetwork = CandidatesByNetwork(site);
        var plans = new List<DhcpNetworkPlan>();
        foreach (var network in site.Networks.Where(n => !n.Cidr.Network.IsV6).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var candidates = candidatesByNetwork.GetValueOrDefault(network.Name) ?? [];
            var reservations = Reservations(network, candidates, diagnostics);
            if (network.Dhcp is null && reservations.Count == 0)
            {
                continue;
            }

            plans.Add(new DhcpNetworkPlan(network, SubnetId(network), (network.Dhcp?.LeaseTime ?? LeaseTime.Default).Seconds, reservations, baseUrl, tftp));
        }

        return plans;
    }

    /// <summary>
    /// Kea keys leases by subnet id, so it must not move when networks are added: the IPv4 network
    /// address as a number is stable and unique among networks that do not overlap.
    /// </summary>
    private static uint SubnetId(Network network) => (uint)network.Cidr.Network.Value is var id && id != 0 ? id : 1;

    /// <summary>
    /// Every address whose MAC the site knows, by network name, in the order that decides which of two
    /// clashing reservations wins: hosts by name (each host's primary address first, then its other
    /// canon addresses by name, then its BMC), then guests by name. One walk over the site serves
    /// every network.
    /// </summary>
    private static Dictionary<string, List<DhcpReservation>> CandidatesByNetwork(Site site)
    {
        var byNetwork = new Dictionary<string, List<DhcpReservation>>(StringComparer.Ordinal);
        void Add(string network, DhcpReservation reservation)
        {
            if (!byNetwork.TryGetValue(network, out var list))
            {
                list = [];
                byNetwork[network] = list;
            }

            list.Add(reservation);
        }

        foreach (var host in site.Cadaster.Hosts.OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            var netboot = host.Boot.Mode == BootMode.Netboot;
            var primary = host.PrimaryAddress;

            // The primary address first, so it is the one kept when two addresses share a MAC.
            foreach (var address in host.Canon.OrderBy(a => ReferenceEquals(a, primary) ? 0 : 1).ThenBy(a => a.Name, StringComparer.Ordinal))
            {
                if (CarrierMac.Of(host, address.Interface) is not { } mac)
                {
                    continue;
                }

                var name = ReferenceEquals(address, primary) ? DhcpHostname.ForPrimary(host.Name) : DhcpHostname.ForSecondary(address.Name, host.Name);
                Add(address.Network, new DhcpReservation(mac, address.Ip, name, $"{address.Name}.{host.Name} ({address.Interface})", address.Node, netboot));
            }

            if (host.Bmc is { Mac: { } bmcMac } bmc)
            {
                Add(bmc.Network, new DhcpReservation(bmcMac, bmc.Ip, DhcpHostname.ForSecondary(bmc.Label, host.Name), $"{bmc.Label}.{host.Name} (BMC)", bmc.Node, false));
            }
        }

        var guests = site.Constellations
            .SelectMany(c => c.Instances)
            .Where(i => i.Kind != InstanceKind.Host && i.Address is not null && i.Mac is not null)
            .OrderBy(i => i.Name, StringComparer.Ordinal);
        foreach (var guest in guests)
        {
            Add(guest.Address!.Network, new DhcpReservation(guest.Mac!.Value, guest.Address.Ip, DhcpHostname.ForGuest(guest.Name), $"{guest.Name} ({KindName(guest.Kind)} on {guest.Host})", guest.Node, false));
        }

        return byNetwork;
    }

    private static IReadOnlyList<DhcpReservation> Reservations(Network network, IEnumerable<DhcpReservation> candidates, DiagnosticBag diagnostics) =>
        Deduplicate(network, candidates.Where(r => network.Cidr.Contains(r.Ip)), diagnostics)
            .OrderBy(r => r.Ip)
            .ThenBy(r => r.Mac.Value)
            .ToList();

    /// <summary>DHCP servers refuse two reservations for one MAC or one address in a subnet: the first one wins, the rest are reported.</summary>
    private static IEnumerable<DhcpReservation> Deduplicate(Network network, IEnumerable<DhcpReservation> candidates, DiagnosticBag diagnostics)
    {
        var byMac = new Dictionary<ulong, DhcpReservation>();
        var byIp = new Dictionary<Model.Values.IpAddress, DhcpReservation>();
        foreach (var r in candidates)
        {
            if (byMac.TryGetValue(r.Mac.Value, out var sameMac))
            {
                diagnostics.Add(DhcpMessages.DuplicateReservationWarning(r.Node.KeyAt(), network.Name, $"MAC {r.Mac}", sameMac.Owner, r.Owner, sameMac.Node.KeyAt()));
                continue;
            }

            if (byIp.TryGetValue(r.Ip, out var sameIp))
            {
                diagnostics.Add(DhcpMessages.DuplicateReservationWarning(r.Node.KeyAt(), network.Name, $"address {r.Ip}", sameIp.Owner, r.Owner, sameIp.Node.KeyAt()));
                continue;
            }

            byMac[r.Mac.Value] = r;
            byIp[r.Ip] = r;
            yield return r;
        }
    }

    private static TftpServer? TftpServerOf(ResolvedSite resolved, string? baseUrl)
    {
        if (baseUrl is null || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var host = uri.IdnHost;
        return CanonResolver.ResolveV4(resolved, host) is { } ip ? new TftpServer(host, ip) : null;
    }

    private static string KindName(InstanceKind kind) => kind == InstanceKind.Vm ? "VM" : "container";
}
