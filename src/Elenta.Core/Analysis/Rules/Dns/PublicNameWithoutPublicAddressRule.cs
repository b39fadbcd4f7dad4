using Elenta.Core.Diagnostics;
using Elenta.Core.Emit.Dns;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5022: a generated name of a public domain whose machine has no public address is left out of the public zone.</summary>
public sealed class PublicNameWithoutPublicAddressRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5022", "Name left out of a public zone", Severity.Info, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "A domain marked public shows the internet only public addresses: each instance and proxied subdomain " +
        "gets the public addresses of the machine it runs on, never a CNAME into the canon domain. A name whose " +
        "machine has only private-use addresses (RFC 1918, RFC 6598, IPv6 ULA...) has nothing to publish and " +
        "is left out of the zone; this says which. Give the machine an address on a public network, or put " +
        "the service behind a proxy that has one.";

    public override void Analyze(AnalysisContext context)
    {
        var names = context.Resolved.Names;
        var publicDomains = context.Site.Domains.Where(d => d.Public).Select(d => d.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (publicDomains.Count == 0)
        {
            return;
        }

        foreach (var n in names.InDomains.Where(n => publicDomains.Contains(n.Domain)))
        {
            if (PublicZone.Addresses(names, n.Instance.Machine).Count == 0)
            {
                context.Report(Rule.Create(n.Instance.Node.KeyAt(),
                    $"{n.Fqdn} is left out of public domain '{n.Domain}': '{n.Instance.Machine}' has no public address",
                    $"give '{n.Instance.Machine}' an address on a public network, or write the record you want under domains.{n.Domain}.records"));
            }
        }
    }
}
