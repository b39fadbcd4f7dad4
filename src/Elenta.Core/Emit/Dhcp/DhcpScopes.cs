using Elenta.Core.Emit.Netboot;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dhcp;

/// <summary>
/// Decides, per IPv4 network, what DHCP hands out: the pool, the options, a reservation for every
/// address whose MAC the site knows (host canon addresses, BMCs, guests), and which reservations
/// netboot. A network gets a plan when the site serves DHCP on it (it has a <c>dhcp</c> block).
/// </summary>
public static class DhcpScopes
{
    public static IReadOnlyList<DhcpScope> Of(ResolvedSite resolved)
    {
        var site = resolved.Site;
        var baseUrl = NetbootLayout.UsableBaseUrl(site.Settings.NetbootStore);
        var tftp = TftpServerOf(resolved, baseUrl);
        var claimsByNetwork = DhcpClaims.ByNetwork(site);
        var plans = new List<DhcpScope>();
        foreach (var network in site.Networks.Where(n => !n.Cidr.Network.IsV6).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (network.DhcpService is null)
            {
                continue;
            }

            var reservations = Reservations(network, claimsByNetwork.GetValueOrDefault(network.Name) ?? [], resolved.Names);
            plans.Add(new DhcpScope(network, SubnetId(network), network.DhcpService.LeaseTime.Seconds, reservations, baseUrl, tftp));
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
    private static IReadOnlyList<DhcpReservation> Reservations(Network network, IEnumerable<DhcpClaim> claims, SiteNames names) =>
        DhcpClaims.Honoured(network, claims, clashes: null)
            .Select(c => new DhcpReservation(c.Mac, c.Ip, Hostname(c, names), c.Owner, c.Node, c.Netboot) { BootMacs = c.BootMacs })
            .OrderBy(r => r.Ip)
            .ThenBy(r => r.Mac.Value)
            .ToList();

    private static string Hostname(DhcpClaim claim, SiteNames names) => claim.Kind switch
    {
        // Handed out under the name the address's PTR points at (toto for its primary address,
        // condorcet.toto for another), as one label: SiteNames says which name that is.
        DhcpClaimKind.Guest => DhcpHostname.Of(names.BareName(claim.Name)!),
        DhcpClaimKind.Bmc => DhcpHostname.Of(names.Of(claim.Host).First(n => n.Kind == CanonNameKind.Bmc)),
        _ => DhcpHostname.Of(names.Of(claim.Host).First(n => n.Pointer && n.Address is { } a && a.Name == claim.Name && a.Ip == claim.Ip)),
    };

    private static TftpServer? TftpServerOf(ResolvedSite resolved, string? baseUrl)
    {
        if (baseUrl is null || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            return null;
        }

        // An IPv4 literal, or the IPv4 address the canon zone gives the name.
        var host = uri.IdnHost;
        IEnumerable<IpAddress> addresses = IpAddress.TryParse(host, out var literal) ? [literal] : resolved.Names.AddressesOf(host);
        return addresses.Where(a => !a.IsV6).Select(a => (IpAddress?)a).FirstOrDefault() is { } v4 ? new TftpServer(host, v4) : null;
    }
}
