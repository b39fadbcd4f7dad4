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
    public static IReadOnlyList<DhcpNetworkPlan> Plan(ResolvedSite resolved)
    {
        var site = resolved.Site;
        var baseUrl = NetbootLayout.UsableBaseUrl(site.Settings.NetbootStore);
        var tftp = TftpServerOf(resolved, baseUrl);
        var claimsByNetwork = DhcpClaims.ByNetwork(site);
        var plans = new List<DhcpNetworkPlan>();
        foreach (var network in site.Networks.Where(n => !n.Cidr.Network.IsV6).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var reservations = Reservations(network, claimsByNetwork.GetValueOrDefault(network.Name) ?? []);
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
    /// What DHCP reserves on the network: the claims it can honour (the check reports the others,
    /// EL4014), by address, each with the host name it hands out.
    /// </summary>
    private static IReadOnlyList<DhcpReservation> Reservations(Network network, IEnumerable<DhcpClaim> claims) =>
        DhcpClaims.Honoured(network, claims, clashes: null)
            .Select(c => new DhcpReservation(c.Mac, c.Ip, Hostname(c), c.Owner, c.Node, c.Netboot))
            .OrderBy(r => r.Ip)
            .ThenBy(r => r.Mac.Value)
            .ToList();

    private static string Hostname(DhcpClaim claim) => claim.Kind switch
    {
        DhcpClaimKind.Primary => DhcpHostname.ForPrimary(claim.Host),
        DhcpClaimKind.Guest => DhcpHostname.ForGuest(claim.Name),
        _ => DhcpHostname.ForSecondary(claim.Name, claim.Host),
    };

    private static TftpServer? TftpServerOf(ResolvedSite resolved, string? baseUrl)
    {
        if (baseUrl is null || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var host = uri.IdnHost;
        return CanonResolver.ResolveV4(resolved, host) is { } ip ? new TftpServer(host, ip) : null;
    }
}
