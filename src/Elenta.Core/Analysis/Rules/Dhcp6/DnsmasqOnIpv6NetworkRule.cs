using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Dhcp6;

/// <summary>EL8062: <c>daemon: dnsmasq</c> on an IPv6 network: Elenta writes DHCPv6 for Kea only.</summary>
public sealed class DnsmasqOnIpv6NetworkRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8062", "DHCPv6 asked of dnsmasq", Severity.Error, "DHCP");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        An IPv6 network with a dhcp block gets DHCPv6 from Kea (kea-dhcp6, its own process beside
        the server's DHCPv4 daemon, on port 547): Elenta writes no dnsmasq DHCPv6 configuration.
        The network says daemon: dnsmasq, so its server would be told to run a configuration that
        does not exist. Leave daemon out on IPv6 networks (Kea is their default), or write kea.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var network in context.Site.Networks)
        {
            if (network.Cidr.Network.IsV6 && network.DhcpService is { Daemon: DhcpDaemon.Dnsmasq } dhcp)
            {
                context.Report(Rule.Create(dhcp.Node.At("daemon"),
                    $"network '{network.Name}' is IPv6 and asks dnsmasq for DHCP: Elenta writes DHCPv6 for Kea (kea-dhcp6) only",
                    "remove daemon: (Kea is the default on IPv6 networks) or write daemon: kea"));
            }
        }
    }
}
