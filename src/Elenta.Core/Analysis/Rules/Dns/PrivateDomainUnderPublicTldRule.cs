using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5009: a private (split-horizon) domain under a real public TLD.</summary>
public sealed class PrivateDomainUnderPublicTldRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5009", "Private domain under a public TLD", Severity.Warning, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "A domain marked private: true is served only inside the site (split horizon). Under a real public " +
        "TLD such as .city, .dev or .io, the same name can exist - or later be registered by someone " +
        "else - on the public internet: inside the site the private answers shadow the real ones, laptops " +
        "that leave the site leak their queries to whoever owns the name, and TLDs with HSTS preloading " +
        "(.dev, .app) refuse plain HTTP. The journal's CAUTION says exactly this. Prefer a domain you own, " +
        "or a name under a TLD reserved for private use (.internal, .home.arpa, .test).";

    public override void Analyze(AnalysisContext context)
    {
        foreach (var domain in context.Site.Domains)
        {
            var tld = DnsNameText.Tld(domain.Name);
            if (!domain.Private || !DnsPublicTlds.Contains(tld))
            {
                continue;
            }

            context.Report(Rule.Create(domain.Node.KeyAt(),
                $"private domain '{domain.Name}' is under '.{tld}', a real public TLD: the same name can exist on the internet",
                "register the domain so nobody else can, or move to a name under a private-use TLD such as .internal or .home.arpa",
                [new RelatedLocation(domain.Node.At("private"), "the domain is marked private (split horizon) here")]));
        }
    }
}
