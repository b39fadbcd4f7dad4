using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Proxy;

/// <summary>EL8060: a <c>proxy.tls</c> domain under which no proxied name is served: a typo, or a leftover.</summary>
public sealed class TlsDomainCoversNothingRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8060", "TLS settings for a domain with no proxied name", Severity.Warning, "Proxy");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        proxy.tls gives the certificate of a domain's proxied names: the domain and every name below
        it (jellyfin.emerald.city under emerald.city). No proxied name of the site (a role's proxy
        entry in a constellation's domain, or a bare domain redirected by redirectBareTo) is the
        domain or under it, so the setting does nothing: its names are served over plain HTTP.
        Usually the key is misspelt, or names a constellation that was renamed.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var tls = context.Site.Settings.Proxy.Tls;
        if (tls.Count == 0)
        {
            return;
        }

        // Every name nginx serves: the proxy names SiteNames publishes, and the redirected bare domains.
        var served = context.Resolved.Names.InDomains.Where(n => n.Kind == DomainNameKind.Proxy).Select(n => n.Fqdn)
            .Concat(context.Site.Constellations.Where(c => c.RedirectBareTo is not null).Select(c => c.Domain).OfType<string>())
            .ToList();
        var domains = served.Select(n => n.Split('.', 2)).Where(p => p.Length == 2).Select(p => p[1]).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var domain in tls)
        {
            if (served.Any(n => Covers(domain.Name, n)))
            {
                continue;
            }

            var near = Suggest.Closest(domain.Name, domains);
            context.Report(Rule.Create(domain.Node.KeyAt(),
                $"proxy.tls has settings for {domain.Name}, but no proxied name is {domain.Name} or under it; they are not used",
                near is null
                    ? "give the domain of a constellation whose roles have proxy entries, or remove the entry"
                    : $"did you mean {near}? proxied names are <entry>.<constellation domain>"));
        }
    }

    private static bool Covers(string domain, string name) =>
        name.Equals(domain, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
}
