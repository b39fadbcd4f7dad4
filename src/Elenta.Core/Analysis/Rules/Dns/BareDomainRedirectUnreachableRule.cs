using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5011: redirectBareTo is set, but the domain's own apex address points at another machine.</summary>
public sealed class BareDomainRedirectUnreachableRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5011", "The bare domain does not reach its redirect", Severity.Warning, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        With redirectBareTo: www, the nginx server that answers the bare domain with a redirect to
        www runs on the machine serving the www proxy entry, and the DNS emitter points the apex
        there. An explicit apex record ("@": { A: ... }) in the domain wins over the generated
        one, so when it names another machine, http://domain/ reaches a server with no redirect.
        Drop the explicit apex address, or make it the address of the machine serving www.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        foreach (var constellation in site.Constellations)
        {
            if (constellation.RedirectBareTo is not { } sub || constellation.Domain is not { } domainName || site.Domains[domainName] is not { } domain)
            {
                continue;
            }

            if (domain.Records["@"] is not { } apex || apex.A.Count == 0)
            {
                continue;
            }

            var server = constellation.Instances.FirstOrDefault(i => site.Roles[i.Role]?.Proxy.Contains(sub) == true);
            if (server is null)
            {
                continue; // nothing serves the redirect at all: EL5012 says so
            }

            var machine = server.Machine;
            // The machine's own addresses: its BMC is another box, with no nginx on it.
            var addresses = context.Resolved.Names.Of(machine).Where(n => n.Kind != CanonNameKind.Bmc).Select(n => n.Ip).ToHashSet();
            if (apex.A.Any(addresses.Contains))
            {
                continue;
            }

            context.Report(Rule.Create(apex.Node.At("A"),
                $"'{domainName}' redirects to '{sub}.{domainName}', but its apex address {string.Join(", ", apex.A)} is not '{machine}', the machine that serves the redirect",
                $"remove the \"@\" A record of '{domainName}' (the apex then points at '{machine}'), or set it to an address of '{machine}'",
                [new RelatedLocation(constellation.Node.At("redirectBareTo"), $"constellation '{constellation.Name}' asks for the redirect here")]));
        }
    }
}
