using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8004: a service's port is opened only on an alias interface, while its traffic arrives on the parent.</summary>
public sealed class PortOnAliasInterfaceRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8004", "Port opened on an alias interface", Severity.Error, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        An alias interface (alias: enp2s0, like toto's enp2s0_dns) is a second address on the same
        wire. The kernel's firewall sees packets for that address arriving on the parent
        interface, not on the alias: the journal watched nmap's port 53 arrive "from the enp2s0
        interface, and not the enp2s0_dns virtual interface", with the firewall dropping it
        (23-JUL, 1220). A service whose interface: names an alias has its port opened where no
        packet ever arrives. Open it on the parent interface.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var reported = new HashSet<(string Host, string Role, string Service)>();
        foreach (var p in PlacementFacts.Placed(context.Site))
        {
            if (p.IsOwnMachine)
            {
                continue; // a guest's interfaces are not the host's
            }

            foreach (var service in p.Role.Services)
            {
                if (service.Interface is not { } name || p.Host.Interfaces[name] is not { AliasOf: { } parent } alias ||
                    !reported.Add((p.Host.Name, p.Role.Name, service.Name)))
                {
                    continue;
                }

                var related = new List<RelatedLocation>
                {
                    new(alias.Node.KeyAt(), $"'{name}' is an alias of '{parent}' on '{p.Host.Name}'"),
                    new(p.KeyLocation, $"{p.Describe()} is placed here"),
                };
                if (p.Host.Interfaces[parent] is { } parentInterface)
                {
                    related.Add(new RelatedLocation(parentInterface.Node.KeyAt(), $"traffic for '{name}' arrives on '{parent}'"));
                }

                context.Report(Rule.Create(((MergedMapping)service.Node).At("interface"),
                    $"service '{service.Name}' of role '{p.Role.Name}' opens {service.Port} on '{name}' of '{p.Host.Name}', an alias of '{parent}'; its traffic arrives on '{parent}', where the port stays closed",
                    $"set interface: {parent} (the firewall sees the alias's traffic on its parent)",
                    related));
            }
        }
    }
}
