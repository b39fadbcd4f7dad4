using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Proxy;

/// <summary>EL8061: ACME for names of a domain marked private: the CA cannot reach them to validate.</summary>
public sealed class AcmeForPrivateDomainRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8061", "ACME certificate for a private domain", Severity.Warning, "Proxy");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        An ACME certificate is validated by the CA fetching http://<name>/.well-known/acme-challenge/
        from the internet. The domain (or a parent of it) is marked private: true, served only inside
        the site, so the CA cannot resolve the names and certbot fails; nginx keeps the self-signed
        placeholder the script made. Give certificate files (an internal CA's, say), or publish the
        domain.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var tls in context.Site.Settings.Proxy.Tls)
        {
            if (tls.Acme is null)
            {
                continue;
            }

            var shadow = context.Site.Domains.FirstOrDefault(d => d.Private
                && (tls.Name.Equals(d.Name, StringComparison.OrdinalIgnoreCase) || tls.Name.EndsWith("." + d.Name, StringComparison.OrdinalIgnoreCase)));
            if (shadow is null)
            {
                continue;
            }

            context.Report(Rule.Create(tls.Node.At("acme"),
                $"{tls.Name} gets its certificate by ACME, but domain '{shadow.Name}' is private: the CA cannot reach its names to validate them",
                "give certificate: and key: files instead (an internal CA's), or remove private: true if the names are published",
                [new RelatedLocation(shadow.Node.At("private"), $"'{shadow.Name}' is marked private here")]));
        }
    }
}
