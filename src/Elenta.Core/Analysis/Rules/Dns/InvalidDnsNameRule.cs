using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5006: a record name with a bad character or an over-long label, or any published name over 253 characters.</summary>
public sealed class InvalidDnsNameRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5006", "Invalid DNS name", Severity.Error, "DNS");

    private const int MaxLabel = 63;
    private const int MaxName = 253;

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
                // One final dot marks an absolute name (zone-file rules), not an empty label.
                why = WhyInvalid(records.Name.EndsWith('.') ? records.Name[..^1] : records.Name);
            }

            if (why is null && claim.Fqdn.Length > MaxName)
            {
                why = $"'{claim.Fqdn}' is {claim.Fqdn.Length} characters long, over the {MaxName} a DNS name may have";
            }

            if (why is not null)
            {
                context.Report(Rule.Create(claim.Location,
                    $"the name of {claim.Owner} is invalid: {why}",
                    "use labels of letters, digits and '-' (at most 63 characters each, 253 for the whole name)"));
            }
        }
    }

    private static string? WhyInvalid(string name)
    {
        var labels = name.Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (label.Length == 0)
            {
                return "it has an empty label (two dots in a row, or a dot at one end)";
            }

            if (label.Length > MaxLabel)
            {
                return $"label '{label[..12]}...' is {label.Length} characters long, over the {MaxLabel} a DNS label may have";
            }

            if (label == "*")
            {
                if (i != 0)
                {
                    return "'*' is a wildcard only as the leftmost label";
                }

                continue;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    return $"'{c}' is not allowed in a DNS name";
                }
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                return $"label '{label}' starts or ends with '-'";
            }
        }

        return null;
    }
}
