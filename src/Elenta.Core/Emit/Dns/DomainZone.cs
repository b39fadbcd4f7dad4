using Elenta.Core.Diagnostics;
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
    public static IReadOnlyList<DnsRecord> Generated(ResolvedSite resolved, Domain domain, IReadOnlyList<DnsRecord> explicitRecords, DiagnosticBag diagnostics)
    {
        var site = resolved.Site;
        var canon = site.Settings.CanonDomain;
        var aliases = new Dictionary<string, (string Target, string What)>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        var apex = new List<DnsRecord>();

        void Alias(string name, string machine, string what, Constellation? constellation, string instance)
        {
            var target = NameServers.Fqdn(machine, canon);
            if (aliases.TryGetValue(name, out var existing))
            {
                if (existing.Target != target)
                {
                    var node = constellation?.Instances.FirstOrDefault(i => i.Name == instance)?.Node;
                    diagnostics.Add(DnsDiagnostics.GeneratedNameTaken.Create(node?.KeyAt(),
                        $"{name}.{domain.Name} would point at both {existing.Target} ({existing.What}) and {target} ({what}); the first is kept",
                        "rename one of them, or write the record you want under domains." + domain.Name + ".records"));
                }

                return;
            }

            aliases[name] = (target, what);
            order.Add(name);
        }

        var constellations = resolved.Constellations.Where(c => string.Equals(c.Domain, domain.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var c in constellations)
        {
            foreach (var i in c.Instances.Where(HasCanonName))
            {
                Alias(i.Name, i.Machine, $"instance {i.Name} of {c.Name}", site.Constellations[c.Name], i.Name);
            }
        }

        foreach (var c in constellations)
        {
            foreach (var i in c.Instances.Where(HasCanonName))
            {
                foreach (var proxied in site.Roles[i.Role]?.Proxy ?? NamedMap<ProxyEntry>.Empty)
                {
                    Alias(proxied.Name, i.Machine, $"proxied by {i.Name} of {c.Name}", site.Constellations[c.Name], i.Name);
                }
            }

            if (c.RedirectBareTo is { } bare && !explicitRecords.Any(r => r.Owner == "@" && r.Type is "A" or "AAAA" or "CNAME"))
            {
                apex.AddRange(ApexRecords(resolved, c, bare));
            }
        }

        var generated = order.Select(n => new DnsRecord(n, "CNAME", aliases[n].Target)).ToList();
        return ExplicitRecords.Shadow(generated, explicitRecords).Concat(apex).ToList();
    }

    /// <summary>A guest without an address has no canon name to point at.</summary>
    private static bool HasCanonName(ViewInstance instance) => instance.Kind == InstanceKind.Host || instance.Addresses.Count > 0;

    /// <summary>The addresses of the machine serving <paramref name="bare"/> (a proxied subdomain or an instance of that name).</summary>
    private static IEnumerable<DnsRecord> ApexRecords(ResolvedSite resolved, ConstellationView constellation, string bare)
    {
        var site = resolved.Site;
        var serving = constellation.Instances.Where(HasCanonName).FirstOrDefault(i => site.Roles[i.Role]?.Proxy.Contains(bare) == true)
            ?? constellation.Instances.Where(HasCanonName).FirstOrDefault(i => i.Name == bare);
        if (serving is null)
        {
            return [];
        }

        var addresses = serving.Kind == InstanceKind.Host
            ? site.Cadaster.Hosts[serving.Machine]?.PrimaryAddress is { } p ? [p.Ip] : []
            : serving.Addresses.Select(a => a.Ip).ToList();
        return addresses.Select(ip => new DnsRecord("@", ip.IsV6 ? "AAAA" : "A", ip.ToString()));
    }
}
