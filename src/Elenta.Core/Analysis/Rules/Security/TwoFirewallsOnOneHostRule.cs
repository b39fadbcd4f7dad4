using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Merging;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8020: two firewalls name one host, whose single forward chain cannot be both.</summary>
public sealed class TwoFirewallsOnOneHostRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8020", "Two firewalls on one host", Severity.Error, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Each firewall of cadaster.network.firewalls compiles to the forward chain of its host's
        nftables table (table inet elenta). Two firewalls on one host would need two policies in
        one chain: a packet allowed by one and denied by the other has no single answer (analysis
        lets it through when any firewall allows it; two nftables chains at one hook would drop it
        when either denies it). Merge them into one firewall, with the zones and rules of both.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var first = new Dictionary<string, Firewall>(StringComparer.Ordinal);
        foreach (var firewall in context.Site.Cadaster.Firewalls)
        {
            if (firewall.Host.Length == 0 || first.TryAdd(firewall.Host, firewall))
            {
                continue;
            }

            var earlier = first[firewall.Host];
            context.Report(Rule.Create(firewall.Node.At("host"),
                $"firewalls '{earlier.Name}' and '{firewall.Name}' both filter on host '{firewall.Host}': its forward chain can hold one policy",
                $"merge '{firewall.Name}' into '{earlier.Name}' (its zones and rules), or put it on another host",
                [new RelatedLocation(earlier.Node.At("host"), $"firewall '{earlier.Name}' is on '{firewall.Host}' already")]));
        }
    }
}
