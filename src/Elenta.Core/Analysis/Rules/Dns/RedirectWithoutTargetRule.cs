using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5012: redirectBareTo names a subdomain that no role placed in the constellation proxies.</summary>
public sealed class RedirectWithoutTargetRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5012", "redirectBareTo names no proxy entry", Severity.Warning, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        redirectBareTo: www asks that the bare domain redirect to www.<domain>. The redirect is an
        nginx server on the machine that serves the www proxy entry, so some role placed in the
        constellation must have proxy: { www: ... }. Without one, no machine serves the redirect
        and `elenta build` writes none. (This replaced the build's EL9040.)
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        foreach (var constellation in site.Constellations)
        {
            if (constellation is not { RedirectBareTo: { } target, Domain: { } domain })
            {
                continue;
            }

            if (constellation.Instances.Any(i => site.Roles[i.Role]?.Proxy.Contains(target) == true))
            {
                continue;
            }

            context.Report(Rule.Create(constellation.Node.At("redirectBareTo"),
                $"constellation '{constellation.Name}' redirects {domain} to {target}.{domain}, but no role placed in it has a proxy entry '{target}'; no redirect is written",
                $"add a proxy entry '{target}' to a role placed in '{constellation.Name}', or remove redirectBareTo"));
        }
    }
}
