using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics;

/// <summary>Who asks for a DHCP reservation: a host's primary or other canon address, its BMC, or a guest.</summary>
public enum DhcpClaimKind
{
    Primary,
    Secondary,
    Bmc,
    Guest,
}

/// <summary>
/// One address the site's DHCP servers would reserve for a MAC. <see cref="Name"/> is the canon
/// address's name, the BMC's label or the guest's own name; <see cref="Host"/> the host it is on;
/// <see cref="Detail"/> the interface that carries a canon address, or VM/container for a guest;
/// <see cref="Shared"/> marks a canon address several machines hold on purpose; <see cref="Netboot"/>
/// says that <see cref="Mac"/> is a NIC that may netboot.
/// </summary>
public sealed record DhcpClaim(MacAddress Mac, IpAddress Ip, DhcpClaimKind Kind, string Name, string Host, string? Detail, MergedNode Node, bool Netboot, bool Shared)
{
    /// <summary>
    /// The host's other NICs that netboot with this address (BootNics): PXE brings up one port at a
    /// time, so the ports of a bond, or a spare NIC, share the reservation; each also gets boot options.
    /// </summary>
    public IReadOnlyList<MacAddress> BootMacs { get; init; } = [];

    /// <summary>Where the claim comes from, for comments and messages (made when asked: most claims are never described).</summary>
    public string Owner => Kind switch
    {
        DhcpClaimKind.Bmc => $"{Name}.{Host} (BMC)",
        DhcpClaimKind.Guest => $"{Name} ({Detail} on {Host})",
        _ => $"{Name}.{Host} ({Detail})",
    };
}

/// <summary>A claim DHCP cannot honour because an earlier one has its MAC or its address.</summary>
public sealed record DhcpClash(DhcpClaim Dropped, DhcpClaim Kept, string What);

/// <summary>
/// Every address whose MAC the site knows, and which of two clashing ones DHCP keeps: the check
/// (EL4014) reports the clashes, the DHCP emitter writes what is kept. One answer for both.
/// </summary>
public static class DhcpClaims
{
    /// <summary>
    /// By network name, in the order that decides which of two clashing reservations wins: hosts by
    /// name (each host's primary address first, then its other canon addresses by name, then its
    /// BMC), then guests by name. One walk over the site serves every network.
    /// </summary>
    public static IReadOnlyDictionary<string, List<DhcpClaim>> ByNetwork(Site site) =>
        Cache.GetValue(site, s => new Lazy<IReadOnlyDictionary<string, List<DhcpClaim>>>(() => Walk(s))).Value;

    // Worked out once per site: the check (EL4014) and the DHCP emitter both ask. Nobody changes the lists.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Site, Lazy<IReadOnlyDictionary<string, List<DhcpClaim>>>> Cache = new();

    private static Dictionary<string, List<DhcpClaim>> Walk(Site site)
    {
        var byNetwork = new Dictionary<string, List<DhcpClaim>>(StringComparer.Ordinal);
        void Add(string network, DhcpClaim claim)
        {
            if (!byNetwork.TryGetValue(network, out var list))
            {
                list = [];
                byNetwork[network] = list;
            }

            list.Add(claim);
        }

        foreach (var host in site.Cadaster.Hosts.OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            var primary = host.PrimaryAddress;
            var bootNics = BootNics.Of(site, host);

            // The primary address first, so it is the one kept when two addresses share a MAC (most
            // hosts have one address: no sort for them).
            IEnumerable<CanonAddress> addresses = host.Canon.Count < 2
                ? host.Canon
                : host.Canon.OrderBy(a => ReferenceEquals(a, primary) ? 0 : 1).ThenBy(a => a.Name, StringComparer.Ordinal);
            foreach (var address in addresses)
            {
                var carrier = CarrierMac.Of(host, address.Interface);
                List<MacAddress> booting = bootNics.Count == 0 ? [] : bootNics.Where(b => ReferenceEquals(b.Address, address)).Select(b => b.Mac).ToList();

                // An address carried by no MAC of its own (a bridge) is reserved for the NICs that boot with it.
                if ((carrier ?? (booting.Count > 0 ? booting[0] : null)) is not { } mac)
                {
                    continue;
                }

                var kind = ReferenceEquals(address, primary) ? DhcpClaimKind.Primary : DhcpClaimKind.Secondary;
                Add(address.Network, new DhcpClaim(mac, address.Ip, kind, address.Name, host.Name, address.Interface, address.Node, booting.Contains(mac), address.Shared)
                {
                    BootMacs = booting.Count == 0 ? [] : booting.Where(m => m != mac).ToList(),
                });
            }

            if (host.Bmc is { Mac: { } bmcMac } bmc)
            {
                Add(bmc.Network, new DhcpClaim(bmcMac, bmc.Ip, DhcpClaimKind.Bmc, bmc.Label, host.Name, null, bmc.Node, false, false));
            }
        }

        var guests = site.Constellations
            .SelectMany(c => c.Instances)
            .Where(i => i.Kind != InstanceKind.Host && i.Address is not null && i.Mac is not null)
            .OrderBy(i => i.Name, StringComparer.Ordinal);
        foreach (var guest in guests)
        {
            Add(guest.Address!.Network, new DhcpClaim(guest.Mac!.Value, guest.Address.Ip, DhcpClaimKind.Guest, guest.Name, guest.Host,
                guest.Kind == InstanceKind.Vm ? "VM" : "container", guest.Node, false, false));
        }

        return byNetwork;
    }

    /// <summary>
    /// The claims on one network that DHCP can honour, in order: DHCP servers refuse two reservations
    /// for one MAC or one address in a subnet, so the first one wins; the others go to <paramref name="clashes"/>.
    /// </summary>
    public static List<DhcpClaim> Honoured(Network network, IEnumerable<DhcpClaim> claims, List<DhcpClash>? clashes)
    {
        var byMac = new Dictionary<ulong, DhcpClaim>();
        var byIp = new Dictionary<IpAddress, DhcpClaim>();
        var kept = new List<DhcpClaim>();
        foreach (var claim in claims.Where(c => network.Cidr.Contains(c.Ip)))
        {
            if (byMac.TryGetValue(claim.Mac.Value, out var sameMac))
            {
                clashes?.Add(new DhcpClash(claim, sameMac, $"MAC {claim.Mac}"));
                continue;
            }

            if (byIp.TryGetValue(claim.Ip, out var sameIp))
            {
                clashes?.Add(new DhcpClash(claim, sameIp, $"address {claim.Ip}"));
                continue;
            }

            byMac[claim.Mac.Value] = claim;
            byIp[claim.Ip] = claim;

            // A NIC that boots with the address shares its reservation, unless its MAC is taken (EL4009 reports the duplicate).
            var boot = claim;
            if (claim.BootMacs.Count > 0)
            {
                var free = claim.BootMacs.Where(m => byMac.TryAdd(m.Value, claim)).ToList();
                if (free.Count != claim.BootMacs.Count)
                {
                    boot = claim with { BootMacs = free };
                }
            }

            kept.Add(boot);
        }

        return kept;
    }
}
