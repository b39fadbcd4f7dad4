using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>
/// EL5015: a constellation names its instances and proxied subdomains in a domain no zone of the
/// site holds them in. The DNS emitter writes a constellation's names into the zone of the site
/// domain that <em>is</em> its domain (<see cref="Emit.Dns.DomainZone"/>): not into a parent domain's
/// zone, and never into the canon zone, which holds the machines' own names. nginx, known_hosts and
/// the views still use the names, and every lookup of them is NXDOMAIN.
/// </summary>
public sealed class UnservedConstellationDomainRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5015", "Constellation domain that no zone serves", Severity.Error, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "Each instance of a constellation is named <instance>.<domain> and each subdomain its role proxies " +
        "<sub>.<domain>; nginx serves those names and known_hosts lists them. The DNS emitter publishes them in " +
        "the zone of the site domain (domains.<d>) that is the constellation's domain itself: a domain the site " +
        "does not declare has no zone, a subdomain of a declared one (apps.example.test under example.test) is not " +
        "written into the parent's zone, and the canon domain's zone holds only the machines' own names. Every " +
        "lookup of the names is then NXDOMAIN. Declare the domain under domains: (its zone is served by its " +
        "nameservers, else dns.servers), or use a domain the site has. A site with no domains and no dns.servers " +
        "does not use Elenta's name servers and is not checked.";

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        if (site.Domains.Count == 0 && !site.Settings.Dns.ServersGiven)
        {
            return; // the site's names are served elsewhere, if at all (as for EL5008)
        }

        var canon = DnsNameText.Normalize(site.Settings.CanonDomain);
        var domains = site.Domains.Select(d => DnsNameText.Normalize(d.Name)).Where(d => d != canon).ToHashSet(StringComparer.Ordinal);
        var unserved = site.Constellations.Where(c => c.Domain is { } d && !domains.Contains(DnsNameText.Normalize(d))).ToList();
        if (unserved.Count == 0)
        {
            return; // the usual case: no walk over every generated name
        }

        var names = context.Resolved.Names.InDomains.ToLookup(n => n.Constellation, StringComparer.Ordinal);
        foreach (var constellation in unserved)
        {
            var written = constellation.Domain!;
            // Only names the site would publish: an instance whose machine has no canon name has none.
            var published = names[constellation.Name].Select(n => n.Fqdn).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (published.Count == 0)
            {
                continue;
            }

            var domain = DnsNameText.Normalize(written);
            var shown = string.Join(", ", published.Take(2)) + (published.Count > 2 ? $" and {published.Count - 2} more" : string.Empty);
            var parent = DnsNameText.SelfAndAncestors(domain).Skip(1).FirstOrDefault(domains.Contains);
            var (what, why, help) = domain == canon
                ? ("the canon domain", " (its zone holds only the machines' own names)",
                    "use a domain of the site (declare one under domains:); the canon domain is for machines")
                : parent is not null
                    ? ("which is no domain of the site", $" (the zone of '{parent}' holds only the names of constellations whose domain is '{parent}')",
                        $"add '{domain}' to domains: (a zone of its own), or use '{parent}'")
                    : ("which is no domain of the site", string.Empty,
                        $"add '{domain}' to domains: (or use a domain the site has)");
            context.Report(Rule.Create(constellation.Node.At("domain"),
                $"constellation '{constellation.Name}' publishes its names under {domain} ({shown}), {what}: no zone serves them{why}",
                help,
                site.Tree["domains"]?.KeyAt() is { } at ? [new RelatedLocation(at, "the site's domains are declared here")] : null));
        }
    }
}
