using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dns;

/// <summary>
/// The canon zone's generated records: an address record for every name <see cref="SiteNames"/>
/// publishes in the canon domain (hosts, their canon addresses, BMCs, guests, switches).
/// </summary>
public static class CanonZone
{
    /// <summary>The names, each name and address once (a guest placed by two constellations is one record), relative to the canon domain.</summary>
    public static IReadOnlyList<CanonName> Names(SiteNames names) => names.Canon.DistinctBy(n => (n.Relative, n.Ip, n.Pointer)).ToList();

    public static IEnumerable<DnsRecord> Records(IEnumerable<CanonName> names) =>
        names.Select(n => new DnsRecord(n.Relative, n.Ip.IsV6 ? "AAAA" : "A", n.Ip.ToString()));
}
