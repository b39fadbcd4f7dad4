using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5008: a zone served by fewer than two name servers.</summary>
public sealed class TooFewNameserversRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5008", "Fewer than two name servers", Severity.Warning, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "A zone with one name server stops resolving whenever that machine is down, rebooting or being " +
        "redeployed - and then every machine that finds its peers by name stops too (the journal's " +
        "'knocking everyone offline' while working on toto). RFC 2182 asks for at least two servers. This " +
        "checks each domain's nameservers and, when dns.servers is set, the canon and reverse zones' servers. " +
        "A lab that knowingly runs one server can turn this rule off in elenta.yaml.";

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        foreach (var domain in site.Domains)
        {
            var servers = domain.Nameservers.Distinct(StringComparer.Ordinal).ToList();
            if (servers.Count < 2)
            {
                Report(context, ValueAt(domain.Node.At("nameservers"), domain.Node["nameservers"]), $"domain '{domain.Name}'", servers, $"domains.{domain.Name}.nameservers");
            }
        }

        if (site.Tree.Map("dns") is { } dns && dns.Child("servers") is { } serversNode)
        {
            var servers = site.Settings.Dns.Servers.Distinct(StringComparer.Ordinal).ToList();
            if (servers.Count < 2)
            {
                Report(context, ValueAt(serversNode.Location, serversNode), $"the canon domain '{site.Settings.CanonDomain}' (with the reverse zones)", servers, "dns.servers");
            }
        }
    }

    /// <summary>The lone server's name when the list has one, so the caret sits under it; else the list.</summary>
    private static Text.Location ValueAt(Text.Location fallback, MergedNode? list) =>
        list is MergedSequence { Items.Count: 1 } seq ? seq.Items[0].Location : fallback;

    private static void Report(AnalysisContext context, Text.Location location, string what, List<string> servers, string setting)
    {
        var related = servers.Select(s => context.Site.Cadaster.Hosts[s]).OfType<Model.Host>()
            .Select(h => new RelatedLocation(h.Node.KeyAt(), $"'{h.Name}' is the only name server"));
        context.Report(Rule.Create(location,
            servers.Count == 0 ? $"{what} has no name server" : $"{what} has only one name server, '{servers[0]}'",
            $"list a second host in {setting}, so the zone keeps resolving while one server is down",
            related));
    }
}
