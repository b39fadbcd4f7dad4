using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>EL4014: two addresses the site would reserve in DHCP share a MAC, or one address is asked for by two MACs.</summary>
public sealed class DhcpReservationClashRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4014", "Two DHCP reservations for one MAC or one address", Severity.Warning, "Addressing");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Every address whose MAC the site knows gets a DHCP reservation on its network: host canon
        addresses (by the MAC of the interface that carries them), BMCs and guests. DHCP servers
        refuse two reservations for one MAC, or for one address, in a subnet. When two addresses of
        one host are carried by one NIC (an address on a VLAN or bond that shares its MAC, or two
        canon addresses on one interface), only the first is reserved: the host's primary address,
        then the others by name. Give each address its own interface with its own MAC, or mark the
        extra address's interface as an alias (configured statically). Two machines with one MAC are
        EL4009's, and one address asked for by two MACs is EL4001's, unless the address is shared
        on purpose (shared: true): then only the first machine gets the reservation, and this says so. (This replaced the build's EL9021.)
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        if (!MayClash(site))
        {
            return;
        }

        var claims = DhcpClaims.ByNetwork(site);
        var clashes = new List<DhcpClash>();
        foreach (var network in site.Networks)
        {
            if (claims.GetValueOrDefault(network.Name) is not { } onNetwork)
            {
                continue;
            }

            clashes.Clear();
            DhcpClaims.Honoured(network, onNetwork, clashes);
            foreach (var clash in clashes)
            {
                if (!Reported(clash))
                {
                    continue;
                }

                context.Report(Rule.Create(clash.Dropped.Node.KeyAt(),
                    $"on network '{network.Name}', {clash.What} is claimed by {clash.Kept.Owner} and by {clash.Dropped.Owner}; only {clash.Kept.Owner} gets the reservation",
                    "give each address its own interface with its own MAC, or mark the extra address's interface as an alias",
                    [new RelatedLocation(clash.Kept.Node.KeyAt(), $"{clash.Kept.Owner} is reserved from here")]));
            }
        }
    }

    /// <summary>
    /// The clashes no other rule reports: one MAC carrying two canon addresses of one host (two
    /// machines with one MAC are EL4009's), and one shared address held by two MACs (an address
    /// held by two machines by mistake is EL4001's).
    /// </summary>
    private static bool Reported(DhcpClash clash) =>
        clash.Dropped.Mac == clash.Kept.Mac
            ? IsCanon(clash.Dropped) && IsCanon(clash.Kept) && clash.Dropped.Host == clash.Kept.Host
            : clash.Dropped.Shared && clash.Kept.Shared;

    private static bool IsCanon(DhcpClaim claim) => claim.Kind is DhcpClaimKind.Primary or DhcpClaimKind.Secondary;

    /// <summary>
    /// Whether a reported clash is possible at all: a host with two canon addresses on one network,
    /// or one shared address held twice. Most sites have neither, and then the reservations of
    /// thousands of machines need not be worked out.
    /// </summary>
    private static bool MayClash(Model.Site site)
    {
        var shared = new HashSet<(string Network, Model.Values.IpAddress Ip)>();
        foreach (var host in site.Cadaster.Hosts)
        {
            if (host.Canon.Count < 2)
            {
                if (host.Canon.Count == 1 && host.Canon[0] is { Shared: true } only && !shared.Add((only.Network, only.Ip)))
                {
                    return true;
                }

                continue;
            }

            var networks = new HashSet<string>(StringComparer.Ordinal);
            foreach (var address in host.Canon)
            {
                if (!networks.Add(address.Network) || address.Shared && !shared.Add((address.Network, address.Ip)))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
