using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dns;

/// <summary>
/// The public view of a domain marked <c>public</c>: what the internet may see. Every generated name
/// (an instance, a proxied subdomain, the apex of <c>redirectBareTo</c>) gets the public addresses of
/// the machine behind it as A/AAAA records — never a CNAME into the canon domain, which the internet
/// cannot resolve — and a name whose machine has no public address is left out (analysis says so,
/// EL5022). The name servers are named inside the domain, <c>&lt;server&gt;.&lt;domain&gt;</c>, with their
/// public addresses as glue, so the delegation works from outside.
/// </summary>
public static class PublicZone
{
    /// <summary>A machine's addresses that can be published: its canon addresses (a guest's own) that are not private-use.</summary>
    public static IReadOnlyList<IpAddress> Addresses(SiteNames names, string machine) =>
        names.Of(machine).Where(n => n.Kind != CanonNameKind.Bmc && DnsLayout.IsPublic(n.Ip)).Select(n => n.Ip).Distinct().ToList();

    /// <summary>The name a server has in a public zone, without the final dot.</summary>
    public static string ServerName(string server, string domain) => $"{server}.{domain}";

    /// <summary>
    /// A name server's name the internet can resolve: <c>server.domain</c> in the first public domain
    /// (by name) it serves, where its glue is; null when it serves none.
    /// </summary>
    public static string? PublicName(ResolvedSite resolved, string server)
    {
        var serving = ServiceMachines.Of(resolved);
        return resolved.Site.Domains.Where(d => d.Public && serving.ServersOf(d).Contains(server, StringComparer.Ordinal))
            .Select(d => d.Name).Order(StringComparer.Ordinal).Select(d => ServerName(server, d)).FirstOrDefault();
    }

    /// <summary>NS records naming each server inside the domain, and their glue.</summary>
    public static IEnumerable<DnsRecord> NameServerRecords(SiteNames names, Domain domain, IReadOnlyList<string> servers)
    {
        foreach (var server in servers.Distinct(StringComparer.Ordinal))
        {
            yield return new DnsRecord("@", "NS", ServerName(server, domain.Name) + ".");
        }

        foreach (var server in servers.Distinct(StringComparer.Ordinal))
        {
            foreach (var ip in Addresses(names, server))
            {
                yield return new DnsRecord(server, ip.IsV6 ? "AAAA" : "A", ip.ToString());
            }
        }
    }

    public static IReadOnlyList<DnsRecord> Generated(ResolvedSite resolved, Domain domain, IReadOnlyList<DnsRecord> explicitRecords)
    {
        var names = resolved.Names;
        var records = new List<DnsRecord>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var inDomain = names.InDomains.Where(n => string.Equals(n.Domain, domain.Name, StringComparison.OrdinalIgnoreCase)).ToList();

        // Instances before proxied subdomains, the first of a name kept (as in the private view).
        foreach (var n in inDomain.Where(n => n.Kind == DomainNameKind.Instance).Concat(inDomain.Where(n => n.Kind == DomainNameKind.Proxy)))
        {
            if (taken.Add(n.Label))
            {
                records.AddRange(Addresses(names, n.Instance.Machine).Select(ip => new DnsRecord(n.Label, ip.IsV6 ? "AAAA" : "A", ip.ToString())));
            }
        }

        // The apex's addresses are kept beside explicit records at the apex that give it none (a TXT,
        // an MX, as every apex has): only an explicit A, AAAA or CNAME there replaces them (as in the private view).
        var apex = new List<DnsRecord>();
        foreach (var c in resolved.Constellations.Where(c => string.Equals(c.Domain, domain.Name, StringComparison.OrdinalIgnoreCase)))
        {
            if (c.RedirectBareTo is { } bare && !explicitRecords.Any(r => r.Owner == "@" && r.Type is "A" or "AAAA" or "CNAME")
                && records.Where(r => string.Equals(r.Owner, bare, StringComparison.OrdinalIgnoreCase)).ToList() is { Count: > 0 } served)
            {
                apex.AddRange(served.Select(r => r with { Owner = "@" }));
            }
        }

        return ExplicitRecords.Shadow(records, explicitRecords).Concat(apex).ToList();
    }
}
