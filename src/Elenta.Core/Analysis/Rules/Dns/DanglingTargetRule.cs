using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>
/// EL5004: a CNAME, MX, NS or SRV record pointing into one of the site's own zones, at a name the
/// zone does not have. Targets are read as the zone file reads them (<see cref="DnsNameText.Target"/>):
/// <c>mail.example.org</c> without its final dot is <c>mail.example.org.&lt;domain&gt;</c>, which the
/// record's own zone does not have, so the usual mistake (a full name without the dot) is reported,
/// while a real relative target (<c>10 mail</c>, with <c>mail</c> in the zone) exists and is not.
/// </summary>
public sealed class DanglingTargetRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5004", "CNAME, MX, NS or SRV target that does not exist", Severity.Error, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "The target of a CNAME, MX, NS or SRV record points into a zone the site serves itself (the canon " +
        "domain, one of domains.*, or a constellation's domain), but nothing in the site publishes that name: " +
        "every lookup of the alias ends in NXDOMAIN, mail for the domain has no server, a delegation has no " +
        "name server, a service no host. Targets follow zone-file rules: one ending in '.' is absolute, anything " +
        "else is relative to its record's domain, so 'mail.example.org' without its final dot is " +
        "mail.example.org.<domain>, a name the domain's own zone does not have (named-checkzone: 'has no " +
        "address records'); end it with '.'. A relative target the zone has ('10 mail' with a record 'mail') " +
        "is fine. Targets outside the site's zones are not checked: the site cannot know them.";

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
                Help(records.Cname!, records.Cname!, target, domain.Name, "the CNAME"),
                Related(context, zone)));
        }

        foreach (var domain in context.Site.Domains)
        {
            foreach (var records in domain.Records)
            {
                foreach (var value in new[] { "MX", "NS", "SRV" }.SelectMany(records.ValuesOf))
                {
                    if (DnsNameText.TargetOfData(value.Text) is not { } written)
                    {
                        continue;
                    }

                    var target = DnsNameText.Target(written, domain.Name);
                    if (names.ZoneOf(target) is not { } zone || names.Exists(target))
                    {
                        continue;
                    }

                    context.Report(Rule.Create(value.Location,
                        $"the {value.Type} record of '{DnsNameText.RecordName(records.Name, domain.Name)}' points at '{target}', which zone '{zone}' does not have",
                        Help(value.Text, written, target, domain.Name, $"the {value.Type} record"),
                        Related(context, zone)));
                }
            }
        }
    }

    /// <summary>
    /// A dotted target without its final dot is most likely a full name written the way people write
    /// one: say how to make it absolute, with the whole value as it should read. Otherwise, the name
    /// to add or to point at instead.
    /// </summary>
    private static string Help(string value, string written, string target, string domain, string what)
    {
        var name = written.Trim();
        if (!name.EndsWith('.') && name.Contains('.'))
        {
            var index = value.LastIndexOf(name, StringComparison.Ordinal);
            var fixedValue = value[..index] + name + "." + value[(index + name.Length)..];
            return $"a target without a final dot is relative to '{DnsNameText.Normalize(domain)}': if you mean the name '{DnsNameText.Normalize(name)}' itself, " +
                $"end it with a dot ('{fixedValue.Trim()}'); else add a record or machine named '{target}'";
        }

        return $"add a record or machine named '{target}', or point {what} at an existing name (end absolute names with '.')";
    }

    private static RelatedLocation[]? Related(AnalysisContext context, string zone) =>
        ZoneDefinition(context, zone) is { } where ? [new RelatedLocation(where, $"zone '{zone}' is defined here")] : null;

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
