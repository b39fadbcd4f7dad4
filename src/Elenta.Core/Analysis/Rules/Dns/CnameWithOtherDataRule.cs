using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5002: a CNAME next to other records at one name, or at a zone's apex.</summary>
public sealed class CnameWithOtherDataRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5002", "CNAME together with other data", Severity.Error, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "A CNAME says 'this name is another name' (RFC 1034 section 3.6.2), so a name with a CNAME may hold " +
        "no other record: resolvers would follow the alias and never see the rest, and NSD and BIND refuse " +
        "to load such a zone. The apex of a zone (@) always holds the zone's SOA and NS records, so a " +
        "CNAME can never be placed there; use A/AAAA records at the apex instead.";

    public override void Analyze(AnalysisContext context)
    {
        foreach (var domain in context.Site.Domains)
        {
            foreach (var records in domain.Records)
            {
                if (records.Cname is null)
                {
                    continue;
                }

                var cnameAt = records.Node.At("CNAME");
                if (records.Name == "@")
                {
                    context.Report(Rule.Create(cnameAt,
                        $"a CNAME at the apex of '{domain.Name}': the apex also holds the zone's SOA and NS records",
                        "give the apex A/AAAA records instead (or redirect the bare domain with a constellation's redirectBareTo)",
                        [new RelatedLocation(domain.Node.At(SiteKeys.Nameservers), $"the NS records of '{domain.Name}' come from here")]));
                }

                var others = RecordSet.Types.Where(t => t != "CNAME").SelectMany(t => records.ValuesOf(t)).ToList();
                if (others.Count > 0)
                {
                    var types = string.Join(", ", others.Select(o => o.Type).Distinct());
                    context.Report(Rule.Create(cnameAt,
                        $"'{DnsNameText.RecordName(records.Name, domain.Name)}' has a CNAME and other data ({types})",
                        "a CNAME must be alone at its name: drop the other records, or replace the CNAME by the target's addresses",
                        others.Select(o => new RelatedLocation(o.Location, $"{o.Type} record at the same name"))));
                }
            }
        }
    }
}
