using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dns;

/// <summary>
/// The generated part of a site domain's zone: each instance of a constellation in that domain as a
/// CNAME to the canon name of the machine it runs on, each reverse-proxied subdomain of an instance's
/// role likewise (the proxy on that machine answers for it), and, for <c>redirectBareTo</c>, the apex's
/// A/AAAA records of the machine that serves the named subdomain (a CNAME may not sit at the apex).
/// </summary>
public static class DomainZone
{
    public static IReadOnlyList<DnsRecord> Generated(ResolvedSite resolved, Domain domain, IReadOnlyList<DnsRecord> explicitRecords)
    {
        var names = resolved.Names;
        var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        var apex = new List<DnsRecord>();

        // Two generated names that collide with different targets are EL5001 in check (DnsNameInventory
        // claims the same SiteNames); should a site turn it off, the first name is kept.
        void Alias(DomainName name)
        {
            if (aliases.TryAdd(name.Label, name.Target + "."))
            {
                order.Add(name.Label);
            }
        }

        // Every instance's name first, then the proxied subdomains: an instance keeps its name against a subdomain.
        var inDomain = names.InDomains.Where(n => string.Equals(n.Domain, domain.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var n in inDomain.Where(n => n.Kind == DomainNameKind.Instance))
        {
            Alias(n);
        }

        foreach (var n in inDomain.Where(n => n.Kind == DomainNameKind.Proxy))
        {
            Alias(n);
        }

        foreach (var c in resolved.Constellations.Where(c => string.Equals(c.Domain, domain.Name, StringComparison.OrdinalIgnoreCase)))
        {
            if (c.RedirectBareTo is { } bare && !explicitRecords.Any(r => r.Owner == "@" && r.Type is "A" or "AAAA" or "CNAME"))
            {
                apex.AddRange(ApexRecords(resolved, c, bare));
            }
        }

        var generated = order.Select(n => new DnsRecord(n, "CNAME", aliases[n])).ToList();
        return ExplicitRecords.Shadow(generated, explicitRecords).Concat(apex).ToList();
    }

    /// <summary>A guest without an address, or a host without a canon address, has no canon name to point at.</summary>
    private static bool HasCanonName(SiteNames names, ViewInstance instance) => names.BareName(instance.Machine) is not null;

    /// <summary>The addresses of the machine serving <paramref name="bare"/> (a proxied subdomain or an instance of that name).</summary>
    private static IEnumerable<DnsRecord> ApexRecords(ResolvedSite resolved, ConstellationView constellation, string bare)
    {
        var site = resolved.Site;
        var names = resolved.Names;
        var published = constellation.Instances.Where(i => HasCanonName(names, i)).ToList();
        var serving = published.FirstOrDefault(i => site.Roles[i.Role]?.Proxy.Contains(bare) == true) ?? published.FirstOrDefault(i => i.Name == bare);
        if (serving is null || names.AddressOf(serving.Machine) is not { } ip)
        {
            return [];
        }

        return [new DnsRecord("@", ip.IsV6 ? "AAAA" : "A", ip.ToString())];
    }
}
