using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Dns;

/// <summary>EL5014: two instances proxy one name (<c>entry.domain</c>): nginx would get two servers for it.</summary>
public sealed class DuplicateProxyNameRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL5014", "Two proxy entries claim one name", Severity.Error, "DNS");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Each proxy entry of a placed role becomes one nginx server, <entry>.<constellation domain>.
        When two instances claim the same name (one role with proxy entries placed twice in a
        constellation, or two constellations of one domain), nginx would have two servers for one
        name and answer from either. When they run on different machines EL5001 also reports the
        DNS name; this rule catches the case DNS cannot see, two instances on one machine. Only
        instances with an address are proxied (EL4012), so only they are counted. (This replaced
        the build's EL9043.)
        """;

    public override void Analyze(AnalysisContext context)
    {
        // Only instances of roles with proxy entries claim names: those, in definition order.
        var candidates = PlacementFacts.ByRole(context.Site).Values
            .Where(placed => placed[0].Role.Proxy.Count > 0)
            .SelectMany(placed => placed)
            .Where(p => p.Constellation.Domain is not null)
            .OrderBy(p => p.Order)
            .ToList();
        var claimed = new Dictionary<string, (string Instance, Location Where)>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in candidates)
        {
            if (context.Resolved.Names.AddressOf(p.Instance.Machine) is null)
            {
                continue;
            }

            foreach (var entry in p.Role.Proxy)
            {
                var serverName = $"{entry.Name}.{p.Constellation.Domain}";
                if (claimed.TryGetValue(serverName, out var first))
                {
                    context.Report(Rule.Create(p.KeyLocation,
                        $"proxy name {serverName} is claimed by instance '{p.Name}' and by instance '{first.Instance}'",
                        "place the role once per constellation, or move one instance to another constellation",
                        [new RelatedLocation(first.Where, $"'{first.Instance}' claims {serverName} here")]));
                    continue;
                }

                claimed[serverName] = (p.Name, p.KeyLocation);
            }
        }
    }
}
