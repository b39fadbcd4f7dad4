using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

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
        "A zone with no server at all is not built: a domain without nameservers when the canon domain has " +
        "no servers either, and the canon domain (with the reverse zones) of a site that has domains but " +
        "neither dns.servers nor any domain's nameservers. A site with no domains and no dns.servers does " +
        "not use Elenta's name servers and is not warned. " +
        "A lab that knowingly runs one server can turn this rule off in elenta.yaml.";

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        var dns = site.Settings.Dns;
        var canonServers = ServiceMachines.Of(context.Resolved).CanonServers;
        foreach (var domain in site.Domains)
        {
            if (domain.Nameservers.Count > 0)
            {
                var servers = domain.Nameservers.Distinct(StringComparer.Ordinal).ToList();
                if (servers.Count < 2)
                {
                    Report(context, ValueAt(domain.Node.At(SiteKeys.Nameservers), domain.Node[SiteKeys.Nameservers]), $"domain '{domain.Name}'", servers, $"domains.{domain.Name}.nameservers");
                }
            }
            else if (canonServers.Count == 0 && !IsServedWithTheCanonDomain(site, domain))
            {
                // Its servers would be the canon domain's (ServiceMachines.ServersOf), and there are none.
                context.Report(Rule.Create(domain.Node.KeyAt(), $"no name server serves domain '{domain.Name}'; its zone is not built",
                    $"give domains.{domain.Name}.nameservers, or list the hosts running NSD under dns.servers"));
            }
        }

        if (dns.ServersGiven)
        {
            var servers = dns.Servers.Distinct(StringComparer.Ordinal).ToList();
            if (servers.Count < 2)
            {
                var serversNode = site.Tree.Map(SiteKeys.Dns)?.Child(SiteKeys.DnsServers);
                Report(context, ValueAt(serversNode?.Location, serversNode), $"the canon domain '{site.Settings.CanonDomain}' (with the reverse zones)", servers, "dns.servers");
            }
        }
        else if (canonServers.Count == 0 && site.Domains.Count > 0)
        {
            // Only a site that has domains: one with neither dns.servers nor a domain does not use
            // Elenta's name servers, and builds no zones without being told so.
            context.Report(Rule.Create(site.Tree[SiteKeys.Dns]?.KeyAt(),
                $"no name server serves the canon domain '{site.Settings.CanonDomain}' or the reverse zones; they are not built",
                "list the hosts running NSD under dns.servers in elenta.yaml, or give a domain nameservers"));
        }
    }

    /// <summary>The canon domain and the reverse zones take the canon domain's servers: their lack is reported once, for the canon domain.</summary>
    private static bool IsServedWithTheCanonDomain(Model.Site site, Model.Domain domain) =>
        string.Equals(domain.Name, site.Settings.CanonDomain, StringComparison.OrdinalIgnoreCase)
        || domain.Name.EndsWith(".arpa", StringComparison.OrdinalIgnoreCase);

    /// <summary>The lone server's name when the list has one, so the caret sits under it; else the list.</summary>
    private static Text.Location? ValueAt(Text.Location? fallback, MergedNode? list) =>
        list is MergedSequence { Items.Count: 1 } seq ? seq.Items[0].Location : fallback;

    private static void Report(AnalysisContext context, Text.Location? location, string what, List<string> servers, string setting)
    {
        var related = servers.Select(s => context.Site.Cadaster.Hosts[s]).OfType<Model.Host>()
            .Select(h => new RelatedLocation(h.Node.KeyAt(), $"'{h.Name}' is the only name server"));
        context.Report(Rule.Create(location,
            servers.Count == 0 ? $"{what} has no name server" : $"{what} has only one name server, '{servers[0]}'",
            $"list a second host in {setting}, so the zone keeps resolving while one server is down",
            related));
    }
}
