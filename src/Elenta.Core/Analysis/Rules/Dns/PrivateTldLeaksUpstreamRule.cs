using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5010: a private TLD that the site neither serves nor blocks, so its queries go upstream.</summary>
public sealed class PrivateTldLeaksUpstreamRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5010", "Private TLD leaks upstream", Severity.Warning, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "The canon domain and every domain under a TLD that is not a public one live under a TLD the site " +
        "invents. Unless the site's own resolvers serve that TLD's zone or refuse to forward it " +
        "(dns.blockOutgoing), every lookup the site cannot answer - a typo, a stale name, a name asked for " +
        "before the zone is loaded - goes to the public root servers, telling them the site's internal " +
        "names, and would be answered by a stranger if the TLD is ever delegated. The journal blocks all " +
        "outgoing DNS for its TLDs. This is a warning because the site still works; it is a leak, not a failure.";

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        var names = DnsNameInventory.Of(site);
        var blocked = new HashSet<string>(site.Settings.Dns.BlockOutgoing.Select(DnsNameText.Normalize), StringComparer.Ordinal);
        var blockAt = site.Tree.Map(SiteKeys.Dns)?.Child("blockOutgoing")?.Location;

        var candidates = new List<(string Name, Location? Where, string What)>
        {
            (site.Settings.CanonDomain, site.Tree["canonDomain"]?.Location, "canon domain"),
        };
        candidates.AddRange(site.Domains.Select(d => (d.Name, (Location?)d.Node.KeyAt(), "domain")));

        foreach (var (name, where, what) in candidates)
        {
            var tld = DnsNameText.Tld(name);
            if (DnsPublicTlds.Contains(tld) || names.ServedZones.Contains(tld) || DnsNameText.SelfAndAncestors(name).Any(blocked.Contains))
            {
                continue;
            }

            context.Report(Rule.Create(where,
                $"{what} '{name}' is under '.{tld}', which the site neither serves nor blocks: lookups the site cannot answer leak to the public root servers",
                $"add '{tld}' to dns.blockOutgoing in elenta.yaml",
                blockAt is { } block ? [new RelatedLocation(block, $"dns.blockOutgoing does not list '{tld}'")] : null));
        }
    }
}
