using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5004: a CNAME into one of the site's own zones, to a name the zone does not have.</summary>
public sealed class DanglingCnameRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5004", "CNAME to a name that does not exist", Severity.Error, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "The CNAME points into a zone the site serves itself (the canon domain, one of domains.*, or a " +
        "constellation's domain), but nothing in the site publishes the target name, so every lookup of " +
        "the alias ends in NXDOMAIN. Targets outside the site's zones are not checked: the site cannot " +
        "know them. A target without a trailing dot and without any dot is relative to its record's domain.";

    public override void Analyze(AnalysisContext context)
    {
        var names = DnsNameInventory.Of(context.Site);
        foreach (var claim in names.Cnames)
        {
            if (claim.Records is not { } records || claim.Domain is not { } domain)
            {
                continue;
            }

            var target = claim.CnameTarget!;
            if (names.ZoneOf(target) is not { } zone || names.Exists(target))
            {
                continue;
            }

            context.Report(Rule.Create(records.Node.At("CNAME"),
                $"'{claim.Fqdn}' is a CNAME to '{target}', which zone '{zone}' does not have",
                $"add a record or machine named '{target}', or point the CNAME at an existing name (end absolute names with '.')",
                ZoneDefinition(context, zone) is { } where ? [new RelatedLocation(where, $"zone '{zone}' is defined here")] : null));
        }
    }

    private static Location? ZoneDefinition(AnalysisContext context, string zone)
    {
        var site = context.Site;
        if (site.Domains.FirstOrDefault(d => DnsNameText.Normalize(d.Name) == zone) is { } domain)
        {
            return domain.Node.KeyAt();
        }

        if (site.Constellations.FirstOrDefault(c => c.Domain is { } d && DnsNameText.Normalize(d) == zone) is { } constellation)
        {
            return constellation.Node.At("domain");
        }

        return site.Tree["canonDomain"]?.Location;
    }
}
