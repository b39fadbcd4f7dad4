using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5024: a zone's secondaries have no primary to transfer it from, or a name server nowhere to listen.</summary>
public sealed class SecondaryWithoutPrimaryRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5024", "Secondary without a primary", Severity.Error, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "A zone's primary is the first of its servers (domains.<d>.nameservers, or dns.servers for the canon " +
        "and reverse zones); the others are secondaries that transfer the zone from it, after its notify, " +
        "signed with their pair's TSIG key. NSD listens on a server's canon addresses (those a network " +
        "hands out as its resolver, dns:, only when it has no other, at port 5353). A primary Elenta does not manage (driver: none) never receives the " +
        "zone file, and a server with no canon address cannot serve or transfer: its secondaries would " +
        "serve nothing, or stale data until the zone expires.";

    public override void Analyze(AnalysisContext context)
    {
        var layout = DnsLayout.Of(context.Resolved);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (what, servers, at, _) in DnsRuleFacts.ServerLists(context.Resolved))
        {
            var primary = servers[0];
            if (servers.Count > 1 && !DnsRuleFacts.Managed(context.Resolved, primary))
            {
                context.Report(Rule.Create(at,
                    $"{what}: its primary '{primary}' (the first server) is a machine Elenta does not manage, so its secondaries have no zone to transfer",
                    "list a managed machine first: the first server is the primary"));
            }

            foreach (var server in servers.Where(s => layout.NsdAddresses(s).Count == 0 && DnsRuleFacts.Managed(context.Resolved, s)))
            {
                if (reported.Add(server))
                {
                    context.Report(Rule.Create(at,
                        $"name server '{server}' of {what} has no canon address for NSD to listen on",
                        $"give '{server}' a canon address"));
                }
            }
        }
    }
}
