using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5020: a network hands its clients a DNS address that no machine of the site can run the resolver on.</summary>
public sealed class ResolverAddressNotOnSiteRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5020", "DNS address handed out is no resolver of the site", Severity.Warning, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "DHCP tells a network's clients to ask the addresses under networks.<n>.dns. Elenta runs its resolver " +
        "(Unbound, which answers the site's own zones from its NSD and the rest from upstream) on the machine " +
        "that owns each of those addresses. An address no machine of the site has (an ISP's resolver, a typo) " +
        "gets no resolver: its clients cannot resolve the canon names, and the names under dns.blockOutgoing " +
        "leak. An address of a machine Elenta does not manage (driver: none) gets no resolver either.";

    public override void Analyze(AnalysisContext context)
    {
        var layout = DnsLayout.Of(context.Resolved);
        foreach (var network in context.Site.Networks)
        {
            for (var i = 0; i < network.Dns.Count; i++)
            {
                var ip = network.Dns[i];
                if (layout.ResolverAt(ip) is not { } machine)
                {
                    context.Report(Rule.Create(DnsRuleFacts.DnsEntryAt(network, i),
                        $"network '{network.Name}' tells its clients to ask {ip} for DNS, but no machine of the site has that address: nothing answers the site's names there",
                        "give the address to the machine that should run the resolver (a canon address), or list one of the site's machines' addresses"));
                }
                else if (!DnsRuleFacts.Managed(context.Resolved, machine))
                {
                    context.Report(Rule.Create(DnsRuleFacts.DnsEntryAt(network, i),
                        $"network '{network.Name}' tells its clients to ask {ip} for DNS, on '{machine}', which Elenta does not manage (driver: none): no resolver is installed there",
                        "hand out the address of a managed machine, or give the machine a driver"));
                }
            }
        }
    }
}
