using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Emit.Dns;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5025: a public, signed zone with a server that cannot serve it to the internet.</summary>
public sealed class UnpublishableSignedZoneRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5025", "Public zone with a server that cannot serve it", Severity.Error, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "A public domain is signed with DNSSEC at build time and served by its name servers under in-domain " +
        "names (<server>.<domain>) with their public addresses as glue. Every one of them must be able to " +
        "serve the signed zone: a server Elenta does not manage (driver: none) gets neither the signed file " +
        "nor the TSIG key to transfer it, and a server with no public address cannot be named in the " +
        "delegation at all (the internet could not reach it: a lame server, and a validation failure).";

    public override void Analyze(AnalysisContext context)
    {
        foreach (var (what, servers, at, domain) in DnsRuleFacts.ServerLists(context.Resolved))
        {
            if (domain is not { Public: true })
            {
                continue;
            }

            foreach (var server in servers)
            {
                if (!DnsRuleFacts.Managed(context.Resolved, server))
                {
                    context.Report(Rule.Create(at,
                        $"public {what} is signed, but its server '{server}' is a machine Elenta does not manage: it would not get the signed zone",
                        "list only managed machines as the name servers of a public domain"));
                }
                else if (PublicZone.Addresses(context.Resolved.Names, server).Count == 0)
                {
                    context.Report(Rule.Create(at,
                        $"public {what} names '{server}' as a name server, but '{server}' has no public address: the internet cannot reach it",
                        $"give '{server}' an address on a public network, or serve the domain from machines that have one"));
                }
            }
        }
    }
}
