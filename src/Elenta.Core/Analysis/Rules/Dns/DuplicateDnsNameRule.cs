using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5001: two records, machines or instances that publish one DNS name.</summary>
public sealed class DuplicateDnsNameRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5001", "One DNS name claimed twice", Severity.Error, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "Elenta publishes names for the site's machines - host.canon, label.host.canon, bmc.host.canon, " +
        "guest.canon - and for constellation instances (instance.domain) and their proxied subdomains, " +
        "next to the records written under domains.*.records. When two of these land on one name (a VM " +
        "named like a host, one instance name in two constellations of " +
        "one domain), the zone would answer with both machines' addresses or mix a CNAME with other data, " +
        "and clients would reach either one. Every published name must have exactly one owner.";

    public override void Analyze(AnalysisContext context)
    {
        foreach (var claims in DnsNameInventory.Of(context.Site).SharedNames)
        {
            var first = claims[0];
            foreach (var claim in claims.Skip(1))
            {
                context.Report(Rule.Create(claim.Location,
                    $"'{claim.Fqdn}' is published by {claim.Owner}, but {first.Owner} already publishes it",
                    "rename one of them; a DNS name answers for one thing (add further data at a name in the record set that owns it)",
                    claims.Where(c => !ReferenceEquals(c, claim)).Select(c => new RelatedLocation(c.Location, $"'{c.Fqdn}' is also published by {c.Owner}"))));
            }
        }
    }
}
