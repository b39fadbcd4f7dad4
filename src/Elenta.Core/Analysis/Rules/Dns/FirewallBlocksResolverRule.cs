using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5021: a firewall between a network and the resolver it is told to ask drops DNS (udp or tcp 53).</summary>
public sealed class FirewallBlocksResolverRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5021", "Firewall blocks clients from their resolver", Severity.Error, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "A network's clients ask the addresses under networks.<n>.dns. When that address sits on another network, " +
        "every firewall whose zones hold both networks is evaluated as EL8005 does (rules in order, first match, " +
        "then the default) for udp/53 and tcp/53 from the clients' zone to the resolver's. DNS needs both: udp for " +
        "queries, tcp for large answers (DNSSEC) and retries of truncated ones.";

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        if (site.Cadaster.Firewalls.Count == 0)
        {
            return;
        }

        var firewalls = site.Cadaster.Firewalls.Select(f => (Firewall: f, Zones: FirewallFacts.ZonesByNetwork(f))).ToList();
        var layout = DnsLayout.Of(context.Resolved);
        foreach (var network in site.Networks)
        {
            for (var i = 0; i < network.Dns.Count; i++)
            {
                if (layout.ResolverAt(network.Dns[i]) is not { } machine || layout.ResolverOn(machine) is not { } resolver)
                {
                    continue; // EL5020
                }

                if (context.Resolved.Names.Of(machine).Any(n => n.Network == network.Name))
                {
                    continue; // the resolver is on the clients' own network
                }

                var at = resolver.Addresses.First(a => a.Ip == network.Dns[i]).Network;
                foreach (var (firewall, zones) in firewalls)
                {
                    if (!zones.TryGetValue(network.Name, out var from) || !zones.TryGetValue(at, out var to))
                    {
                        continue;
                    }

                    foreach (var protocol in new[] { Protocol.Udp, Protocol.Tcp })
                    {
                        var verdict = FirewallFacts.Evaluate(firewall, from.Name, to.Name, protocol, 53);
                        if (!verdict.Allowed)
                        {
                            var proto = protocol == Protocol.Udp ? "udp" : "tcp";
                            context.Report(Rule.Create(DnsRuleFacts.DnsEntryAt(network, i),
                                $"network '{network.Name}' asks {network.Dns[i]} ({machine}, on '{at}') for DNS, but {verdict.Describe()} drops {proto}/53 from zone '{from.Name}' to zone '{to.Name}'",
                                $"allow udp/53 and tcp/53 from '{from.Name}' to '{to.Name}' in firewall '{firewall.Name}', or hand out a resolver on network '{network.Name}'",
                                [new RelatedLocation(verdict.Location, "this decides it")]));
                        }
                    }
                }
            }
        }
    }
}
