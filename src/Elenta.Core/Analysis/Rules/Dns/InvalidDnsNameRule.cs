using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5006: a record name with a bad character or an over-long label, or any published name over 253 characters.</summary>
public sealed class InvalidDnsNameRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5006", "Invalid DNS name", Severity.Error, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "A DNS label has 1 to 63 characters and a whole name at most 253 (RFC 1035). Record names may use " +
        "letters, digits and '-' (not at either end of a label), '_' for service labels such as _dmarc or " +
        "_sip._tcp, and '*' as a whole leftmost label for a wildcard; anything else (spaces, dots at the " +
        "ends, empty labels, accents) makes the zone fail to load or the name unreachable. Generated names " +
        "are checked too: a long instance name in a long domain can pass 253 characters.";

    public override void Analyze(AnalysisContext context)
    {
        foreach (var claim in DnsNameInventory.Of(context.Site).Claims)
        {
            string? why = null;
            if (claim.Records is { } records && records.Name != "@")
            {
                why = DnsNames.WhyInvalidRecordName(records.Name);
            }

            if (why is null && DnsNames.WhyTooLong(claim.Fqdn) is { } tooLong)
            {
                why = $"'{claim.Fqdn}': {tooLong}";
            }

            if (why is not null)
            {
                context.Report(Rule.Create(claim.Location,
                    $"the name of {claim.Owner} is invalid: {why}",
                    $"use labels of letters, digits and '-' (at most {DnsNames.MaxLabel} characters each, {DnsNames.MaxName} for the whole name)"));
            }
        }
    }
}
