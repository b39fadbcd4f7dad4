using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5013: an instance whose role has proxy entries, in a constellation without a domain to name them in.</summary>
public sealed class ProxyWithoutDomainRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5013", "Proxy entries in a constellation without a domain", Severity.Warning, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A role's proxy entries become <entry>.<constellation domain>: an nginx server and a CNAME.
        In a constellation without a domain they have no name, so `elenta build` skips them. Set
        domain: on the constellation. (This replaced the build's EL9042.)
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        foreach (var constellation in site.Constellations)
        {
            if (constellation.Domain is not null)
            {
                continue;
            }

            foreach (var instance in constellation.Instances)
            {
                if (site.Roles[instance.Role] is { Proxy.Count: > 0 })
                {
                    context.Report(Rule.Create(instance.Node.KeyAt(),
                        $"instance '{instance.Name}' has proxy entries, but constellation '{constellation.Name}' has no domain to name them in; its entries are skipped",
                        $"set a domain on constellation '{constellation.Name}'"));
                }
            }
        }
    }
}
