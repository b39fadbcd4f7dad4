using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5005: an MX, NS or SRV record whose target is an alias.</summary>
public sealed class TargetIsCnameRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5005", "MX, NS or SRV target is a CNAME", Severity.Error, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "The target of an MX, NS or SRV record must be a name with address records, never an alias " +
        "(RFC 2181 section 10.3, RFC 2782). Mail servers may refuse to deliver, resolvers ignore NS " +
        "records that point at a CNAME (breaking the delegation), and SRV clients are not required to " +
        "follow it. Point the record at the CNAME's target instead.";

    public override void Analyze(AnalysisContext context)
    {
        var names = DnsNameInventory.Of(context.Site);
        foreach (var domain in context.Site.Domains)
        {
            foreach (var records in domain.Records)
            {
                foreach (var value in new[] { "MX", "NS", "SRV" }.SelectMany(t => records.ValuesOf(t)))
                {
                    if (DnsNameText.TargetOfData(value.Text) is not { } data)
                    {
                        continue;
                    }

                    var target = DnsNameText.Target(data, domain.Name);
                    if (names.CnameAt(target) is not { } alias)
                    {
                        continue;
                    }

                    context.Report(Rule.Create(value.Location,
                        $"the {value.Type} record of '{DnsNameText.RecordName(records.Name, domain.Name)}' points at '{target}', which is a CNAME to '{alias.CnameTarget}'",
                        $"point the {value.Type} record at '{alias.CnameTarget}.' (the name with the addresses)",
                        [new RelatedLocation(alias.Records is { } r ? r.Node.At("CNAME") : alias.Location, $"'{target}' is a CNAME ({alias.Owner})")]));
                }
            }
        }
    }
}
