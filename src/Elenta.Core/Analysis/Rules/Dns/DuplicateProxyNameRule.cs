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
        var site = context.Site;
        var claimed = new Dictionary<string, (string Instance, Location Where)>(StringComparer.OrdinalIgnoreCase);
        foreach (var constellation in site.Constellations)
        {
            if (constellation.Domain is not { } domain)
            {
                continue;
            }

            foreach (var instance in constellation.Instances)
            {
                if (site.Roles[instance.Role] is not { Proxy.Count: > 0 } role || context.Resolved.Names.AddressOf(instance.Machine) is null)
                {
                    continue;
                }

                foreach (var entry in role.Proxy)
                {
                    var serverName = $"{entry.Name}.{domain}";
                    if (claimed.TryGetValue(serverName, out var first))
                    {
                        context.Report(Rule.Create(instance.Node.KeyAt(),
                            $"proxy name {serverName} is claimed by instance '{instance.Name}' and by instance '{first.Instance}'",
                            "place the role once per constellation, or move one instance to another constellation",
                            [new RelatedLocation(first.Where, $"'{first.Instance}' claims {serverName} here")]));
                        continue;
                    }

                    claimed[serverName] = (instance.Name, instance.Node.KeyAt());
                }
            }
        }
    }
}
