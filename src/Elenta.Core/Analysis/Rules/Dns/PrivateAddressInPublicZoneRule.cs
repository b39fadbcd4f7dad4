using Elenta.Core.Diagnostics;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5023: a public domain's records name a private-use address.</summary>
public sealed class PrivateAddressInPublicZoneRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5023", "Public zone names a private address", Severity.Error, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "A domain marked public is published to the internet. An A or AAAA record in it with a private-use " +
        "address (10/8, 172.16/12, 192.168/16, 100.64/10, loopback, link-local, IPv6 ULA) tells the world " +
        "about the inside of the site and sends strangers' clients to whatever has that address on their " +
        "own network. Keep such names in a private domain (or the canon domain).";

    public override void Analyze(AnalysisContext context)
    {
        foreach (var domain in context.Site.Domains.Where(d => d.Public))
        {
            foreach (var set in domain.Records)
            {
                foreach (var value in set.Values.Where(v => v.Type is "A" or "AAAA"))
                {
                    if (value.Parsed is IpAddress ip && !DnsLayout.IsPublic(ip))
                    {
                        context.Report(Rule.Create(value.Location,
                            $"public domain '{domain.Name}' publishes {set.Name} {value.Type} {ip}, a private-use address",
                            $"use the public address, or move the record to a private domain (private: true) or the canon domain"));
                    }
                }
            }
        }
    }
}
