using System.Runtime.CompilerServices;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Facts;

/// <summary>
/// Every DNS name the site publishes, from records and from what Elenta generates (canon names,
/// instance names, proxied subdomains), indexed by name; and the zones the site serves. Built once
/// per site; every lookup is a dictionary or a walk up one name's labels, never a scan.
/// </summary>
public sealed class DnsNameInventory
{
    private static readonly ConditionalWeakTable<Site, Lazy<DnsNameInventory>> Cache = new();

    // The first claim of each name; the few names claimed more than once also have all their claims
    // listed (a list per name would be a hundred thousand lists).
    private readonly Dictionary<string, DnsNameClaim> firstByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DnsNameClaim>> shared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DnsNameClaim> cnames = new(StringComparer.Ordinal);
    private readonly HashSet<string> servedZones = new(StringComparer.Ordinal);

    private DnsNameInventory(Site site)
    {
        var claims = new List<DnsNameClaim>();
        var canon = DnsNameText.Normalize(site.Settings.CanonDomain);
        servedZones.Add(canon);
        foreach (var domain in site.Domains)
        {
            servedZones.Add(DnsNameText.Normalize(domain.Name));
        }

        foreach (var constellation in site.Constellations)
        {
            if (constellation.Domain is { } d)
            {
                servedZones.Add(DnsNameText.Normalize(d));
            }
        }

        // What Elenta generates, as the DNS emitter writes it: one policy, in SiteNames.
        var names = SiteNames.Of(site);
        foreach (var name in names.Canon)
        {
            claims.Add(CanonClaim(name));
        }

        foreach (var name in names.InDomains)
        {
            var fqdn = DnsNameText.Normalize(name.Fqdn);
            var target = DnsNameText.Normalize(name.Target);
            var where = name.Instance.Node.KeyAt();
            claims.Add(name.Kind == DomainNameKind.Instance
                ? new DnsNameClaim(fqdn, DnsClaimSource.Instance, name.Label, name.Constellation, null, where, null, null, target)
                : new DnsNameClaim(fqdn, DnsClaimSource.Proxy, name.Label, name.Instance.Name, name.Role, where, null, null, target));
        }

        foreach (var domain in site.Domains)
        {
            foreach (var records in domain.Records)
            {
                var fqdn = DnsNameText.RecordName(records.Name, domain.Name);
                var target = records.Cname is { } c ? DnsNameText.Target(c, domain.Name) : null;
                claims.Add(new DnsNameClaim(fqdn, DnsClaimSource.Record, records.Name, domain.Name, null, records.Node.KeyAt(), domain, records, target));
            }
        }

        firstByName.EnsureCapacity(claims.Count); // nearly every name is claimed once: sized once, not grown by doubling
        foreach (var claim in claims)
        {
            if (!firstByName.TryAdd(claim.Fqdn, claim))
            {
                if (!shared.TryGetValue(claim.Fqdn, out var list))
                {
                    list = [firstByName[claim.Fqdn]];
                    shared[claim.Fqdn] = list;
                }

                list.Add(claim);
            }

            if (claim.CnameTarget is not null)
            {
                cnames.TryAdd(claim.Fqdn, claim);
            }
        }

        Claims = claims;
        CanonDomain = canon;
    }

    /// <summary>Every claim, in definition order (hosts, guests and instances, then records).</summary>
    public IReadOnlyList<DnsNameClaim> Claims { get; }

    public string CanonDomain { get; }

    /// <summary>Names published more than once, each with its claims in definition order.</summary>
    /// <summary>
    /// Names published by more than one thing. Generated names (instances, proxied subdomains)
    /// that all point at the same machine are one CNAME, not a collision.
    /// </summary>
    public IEnumerable<IReadOnlyList<DnsNameClaim>> SharedNames =>
        shared.Count == 0
            ? []
            : Claims.Where(c => shared.TryGetValue(c.Fqdn, out var l) && ReferenceEquals(l[0], c)) // in the order the names were first claimed
                .Select(c => shared[c.Fqdn]).Where(l => !IsOneGeneratedCname(l) && !IsRecordOverGenerated(l));

    /// <summary>
    /// A record set written at the name of an instance or a proxied subdomain: the explicit record
    /// wins, and the generated CNAMEs at that name are not published (docs/dns.md). Only one record
    /// set can own a name (they are keys of one map), so this is never a clash.
    /// </summary>
    private static bool IsRecordOverGenerated(IReadOnlyList<DnsNameClaim> claims) =>
        claims.Count(c => c.Source == DnsClaimSource.Record) == 1 &&
        claims.All(c => c.Source is DnsClaimSource.Record or DnsClaimSource.Instance or DnsClaimSource.Proxy);

    private static bool IsOneGeneratedCname(IReadOnlyList<DnsNameClaim> claims) =>
        claims.All(c => c.Source is DnsClaimSource.Instance or DnsClaimSource.Proxy) &&
        claims.Select(c => c.CnameTarget).Distinct(StringComparer.Ordinal).Count() == 1;

    /// <summary>The zones the site serves: the canon domain, each domain, each constellation's domain.</summary>
    public IReadOnlySet<string> ServedZones => servedZones;

    /// <summary>The claim of one canon name, located where the site writes what it names.</summary>
    private static DnsNameClaim CanonClaim(CanonName name)
    {
        var fqdn = DnsNameText.Normalize(name.Fqdn);
        return name.Kind switch
        {
            CanonNameKind.Host => new DnsNameClaim(fqdn, DnsClaimSource.CanonHost, name.Machine, null, null, name.Node.KeyAt(), null, null, null),
            CanonNameKind.CanonAddress => new DnsNameClaim(fqdn, DnsClaimSource.CanonAddress, name.Address!.Name, name.Machine, null, name.Node.KeyAt(), null, null, null),
            CanonNameKind.Bmc => new DnsNameClaim(fqdn, DnsClaimSource.Bmc, name.Machine, null, null, ((MergedMapping)name.Node).At("name"), null, null, null),
            CanonNameKind.Switch => new DnsNameClaim(fqdn, DnsClaimSource.Switch, name.Machine, null, null, ManagementAt(name.Node), null, null, null),
            _ => new DnsNameClaim(fqdn, DnsClaimSource.Guest, name.Machine, name.Constellation, name.Kind == CanonNameKind.Vm ? "VM" : "container", name.Node.KeyAt(), null, null, null),
        };
    }

    /// <summary>A switch's name is published for its management address: point there.</summary>
    private static Text.Location ManagementAt(MergedNode node) =>
        node is MergedMapping map && map["management"] is { } management ? management.KeyAt() : node.KeyAt();

    public static DnsNameInventory Of(Site site) => Cache.GetValue(site, s => new Lazy<DnsNameInventory>(() => new DnsNameInventory(s))).Value;

    /// <summary>The first CNAME published at a name, if any.</summary>
    public DnsNameClaim? CnameAt(string fqdn) => cnames.GetValueOrDefault(fqdn);

    public IEnumerable<DnsNameClaim> Cnames => cnames.Values;

    /// <summary>The served zone a name falls in (the longest one), or null when the site does not serve it.</summary>
    public string? ZoneOf(string fqdn) => DnsNameText.SelfAndAncestors(fqdn).FirstOrDefault(servedZones.Contains);

    /// <summary>
    /// Whether a name inside a served zone exists: something is published there, it is a zone apex,
    /// or a wildcard in the same zone covers it.
    /// </summary>
    public bool Exists(string fqdn)
    {
        if (firstByName.ContainsKey(fqdn) || servedZones.Contains(fqdn))
        {
            return true;
        }

        var zone = ZoneOf(fqdn);
        foreach (var ancestor in DnsNameText.SelfAndAncestors(fqdn).Skip(1))
        {
            if (firstByName.ContainsKey("*." + ancestor))
            {
                return true;
            }

            if (ancestor == zone)
            {
                break;
            }
        }

        return false;
    }
}
