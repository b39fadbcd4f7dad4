using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dns;

/// <summary>
/// One name in the canon domain, relative to it (<c>toto</c>, <c>dns.toto</c>, <c>drac.btg</c>),
/// and whether it is the name the address's PTR record points back to.
/// </summary>
public sealed record CanonName(string Owner, IpAddress Ip, bool Pointer);

/// <summary>
/// The canon zone: every host by its bare name at its primary address, one name per canon address
/// (<c>label.host</c>), BMCs (<c>drac.host</c>), guests with an address, switches with a
/// management address.
/// </summary>
public static class CanonZone
{
    public static IReadOnlyList<CanonName> Names(ResolvedSite resolved)
    {
        var site = resolved.Site;
        var names = new List<CanonName>();
        foreach (var host in site.Cadaster.Hosts)
        {
            var primary = host.PrimaryAddress;
            foreach (var address in host.Canon)
            {
                var isPrimary = ReferenceEquals(address, primary);
                if (isPrimary)
                {
                    names.Add(new CanonName(host.Name, address.Ip, true));
                }

                names.Add(new CanonName($"{address.Name}.{host.Name}", address.Ip, !isPrimary));
            }

            if (host.Bmc is { } bmc)
            {
                names.Add(new CanonName($"{bmc.Label}.{host.Name}", bmc.Ip, true));
            }
        }

        foreach (var guest in resolved.Machines.Where(m => m.Kind != InstanceKind.Host))
        {
            foreach (var address in guest.Addresses)
            {
                names.Add(new CanonName(guest.Name, address.Ip, true));
            }
        }

        foreach (var sw in site.Cadaster.Switches)
        {
            if (sw.Management is { } m)
            {
                names.Add(new CanonName(sw.Name, m.Ip, true));
            }
        }

        return names.Distinct().ToList();
    }

    public static IEnumerable<DnsRecord> Records(IEnumerable<CanonName> names) =>
        names.Select(n => new DnsRecord(n.Owner, n.Ip.IsV6 ? "AAAA" : "A", n.Ip.ToString()));
}
