using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dhcp6;

/// <summary>EL8063: an IPv6 network is served DHCPv6 but Elenta cannot generate its router advertisements.</summary>
public sealed class MissingRouterAdvertisementsRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8063", "DHCPv6 network without generated router advertisements", Severity.Warning, "DHCP");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        DHCPv6 hands out addresses and DNS options but no default route, and clients only ask it when
        a router advertisement carries the Managed flag (M). Elenta writes radvd's configuration for
        the host that holds the network's gateway address, on the interface carrying it. Here it
        cannot: the network has no gateway, the gateway is no canon address of a site host (a router
        Elenta does not configure), that host has driver: none, or its address names no interface.
        Unless that router already sends advertisements with M (and O) set for the prefix, clients
        get neither a DHCPv6 address nor a route. Give the network a gateway held by a site host
        with its interface, or configure the router by hand and turn this rule off for the site.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var advertiser in RouterAdvertisers.Of(context.Site).Where(a => a.Missing is not null))
        {
            var network = advertiser.Network;
            context.Report(Rule.Create(network.DhcpService!.Node.KeyAt(),
                $"network '{network.Name}' is served DHCPv6, but its router advertisements are not generated: {advertiser.Missing}",
                "make the gateway a canon address (with its interface) of a host Elenta manages, so it gets radvd's configuration; or make sure the router advertises the prefix with the Managed flag"));
        }
    }
}
