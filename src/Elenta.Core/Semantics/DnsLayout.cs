using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics;

/// <summary>One address a DNS daemon listens on, with the network it is on, and its port.</summary>
public sealed record DnsAddress(IpAddress Ip, string Network, int Port = 53)
{
    /// <summary>The address as NSD and Unbound write a server's: <c>ip</c>, or <c>ip@port</c> off port 53.</summary>
    public string Endpoint => Port == 53 ? Ip.ToString() : $"{Ip}@{Port}";
}

/// <summary>
/// A machine that runs the recursive resolver (Unbound): it owns an address some network hands its
/// clients as <c>dns:</c>. It listens on exactly those addresses and lets in exactly those networks.
/// </summary>
public sealed record DnsResolver(string Machine, IReadOnlyList<DnsAddress> Addresses, IReadOnlyList<Network> Clients);

/// <summary>
/// Who answers what, on which address — the one answer the DNS emitter and the DNS rules share:
/// <list type="bullet">
/// <item>the resolver (Unbound) runs on every machine owning an address that a network lists under
/// <c>dns:</c>, on those addresses, port 53, for those networks' clients;</item>
/// <item>NSD runs on every name server (<see cref="ServiceMachines"/>), on each of the machine's canon
/// addresses that is not a resolver address, port 53: its bare name's address (the NS record's glue)
/// is normally one of them. A name server whose addresses are all resolver addresses (one address
/// for both) runs NSD on them at port <see cref="SharedAddressPort"/>, behind its own Unbound;</item>
/// <item>a zone's primary is the first of its servers (<c>nameservers</c>, or <c>dns.servers</c> for
/// the canon and reverse zones); the others are secondaries that transfer the zone from it.</item>
/// </list>
/// </summary>
public sealed class DnsLayout
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ResolvedSite, Lazy<DnsLayout>> Cache = new();

    private readonly SiteNames names;
    private readonly Dictionary<IpAddress, string> resolverByAddress = [];
    private readonly Dictionary<string, DnsResolver> resolvers = new(StringComparer.Ordinal);

    private DnsLayout(ResolvedSite resolved)
    {
        var site = resolved.Site;
        names = resolved.Names;
        var owner = new Dictionary<IpAddress, CanonName>();
        foreach (var n in names.Canon.Where(n => n.Kind != CanonNameKind.Bmc))
        {
            owner.TryAdd(n.Ip, n);
        }

        var addresses = new Dictionary<string, List<DnsAddress>>(StringComparer.Ordinal);
        var clients = new Dictionary<string, List<Network>>(StringComparer.Ordinal);
        foreach (var network in site.Networks)
        {
            foreach (var ip in network.Dns)
            {
                if (!owner.TryGetValue(ip, out var name))
                {
                    continue; // an address outside the site (the ISP's resolver): nothing to build
                }

                resolverByAddress.TryAdd(ip, name.Machine);
                var list = addresses.TryGetValue(name.Machine, out var l) ? l : addresses[name.Machine] = [];
                if (!list.Any(a => a.Ip == ip))
                {
                    list.Add(new DnsAddress(ip, name.Network));
                }

                var nets = clients.TryGetValue(name.Machine, out var c) ? c : clients[name.Machine] = [];
                if (!nets.Contains(network))
                {
                    nets.Add(network);
                }
            }
        }

        foreach (var (machine, list) in addresses.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            resolvers[machine] = new DnsResolver(machine, list, clients[machine]);
        }
    }

    public static DnsLayout Of(ResolvedSite resolved) =>
        Cache.GetValue(resolved, r => new Lazy<DnsLayout>(() => new DnsLayout(r))).Value;

    /// <summary>The machines running the resolver, by name, sorted.</summary>
    public IEnumerable<DnsResolver> Resolvers => resolvers.Values;

    public DnsResolver? ResolverOn(string machine) => resolvers.GetValueOrDefault(machine);

    /// <summary>The machine whose resolver answers on <paramref name="ip"/>, or null when no machine of the site has that address.</summary>
    public string? ResolverAt(IpAddress ip) => resolverByAddress.GetValueOrDefault(ip);

    /// <summary>
    /// The addresses NSD listens on, on a name server: the machine's canon addresses (its bare name's
    /// first) without the resolver's.
    /// </summary>
    public IReadOnlyList<DnsAddress> NsdAddresses(string machine)
    {
        var list = new List<DnsAddress>();
        var shared = new List<DnsAddress>();
        foreach (var n in names.Of(machine).Where(n => n.Kind != CanonNameKind.Bmc))
        {
            var target = resolverByAddress.ContainsKey(n.Ip) ? shared : list;
            if (!target.Any(a => a.Ip == n.Ip))
            {
                target.Add(new DnsAddress(n.Ip, n.Network, target == shared ? SharedAddressPort : 53));
            }
        }

        return list.Count > 0 ? list : shared;
    }

    /// <summary>NSD's port on an address it shares with the resolver (which has port 53).</summary>
    public const int SharedAddressPort = 5353;

    /// <summary>
    /// The address <paramref name="from"/> reaches <paramref name="to"/>'s NSD at: one on a network
    /// both are on, else <paramref name="to"/>'s first; null when <paramref name="to"/> has none.
    /// Of several shared networks, both sides of a pair choose the same one (IPv4 first, then by
    /// name), whichever order each lists its addresses in: a primary's notify and provide-xfr and
    /// its secondary's allow-notify and request-xfr must name addresses of one network and family,
    /// or each refuses what the other sends.
    /// </summary>
    public DnsAddress? NsdAddressSeenFrom(string from, string to)
    {
        var theirs = NsdAddresses(to);
        var mine = NsdAddresses(from).Select(a => a.Network).ToHashSet(StringComparer.Ordinal);
        return theirs.Where(a => mine.Contains(a.Network)).OrderBy(a => a.Ip.IsV6).ThenBy(a => a.Network, StringComparer.Ordinal).FirstOrDefault()
            ?? theirs.FirstOrDefault();
    }

    /// <summary>The primary of a zone served by <paramref name="servers"/>: the first one.</summary>
    public static string? PrimaryOf(IReadOnlyList<string> servers) => servers.Count > 0 ? servers[0] : null;

    /// <summary>
    /// Whether an address can be published to the internet: not private-use (RFC 1918, RFC 6598
    /// shared, loopback, link-local, IPv6 unique-local and link-local).
    /// </summary>
    public static bool IsPublic(IpAddress ip)
    {
        if (ip.IsV6)
        {
            var top = (ushort)(ip.Value >> 112);
            return (top & 0xFE00) != 0xFC00 && (top & 0xFFC0) != 0xFE80 && ip.Value != 1 && ip.Value != 0;
        }

        var v = (uint)ip.Value;
        bool In(uint network, int prefix) => (v >> (32 - prefix)) == (network >> (32 - prefix));
        return !(In(0x0A000000, 8) || In(0xAC100000, 12) || In(0xC0A80000, 16) || In(0x64400000, 10)
            || In(0x7F000000, 8) || In(0xA9FE0000, 16) || In(0, 8));
    }
}
