using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Delivery;

/// <summary>EL8502: a network's DHCP server cannot serve it: no address on it, or two daemons on one server.</summary>
public sealed class DhcpServerOffLinkRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8502", "DHCP server cannot serve its network", Severity.Error, "Delivery");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "A DHCP server answers broadcasts on the links it is attached to, so the host named in " +
        "networks.NAME.dhcp.server needs a canon address on that network (DHCP relays are not modelled). " +
        "And one host runs one DHCP daemon: two daemons would both listen on port 67, so every network " +
        "IPv4 network a host serves must use the same dhcp.daemon (DHCPv6, on port 547, is Kea's own process).";

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        var daemons = new Dictionary<string, (DhcpDaemon Daemon, Network Network)>(StringComparer.Ordinal);
        foreach (var network in site.Networks.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (network.DhcpService is not { Server: { } server } dhcp || site.Cadaster.Hosts[server] is not { } host)
            {
                continue;
            }

            if (!host.Canon.Any(c => c.Network == network.Name))
            {
                context.Report(Rule.Create(dhcp.Node.At("server"),
                    $"'{server}' serves DHCP on '{network.Name}' but has no address on it: it would never hear the clients' broadcasts",
                    $"give cadaster.compute.{server}.canon an address on '{network.Name}', or name a host that has one",
                    [new RelatedLocation(host.Node.KeyAt(), $"'{server}' is defined here")]));
            }

            // DHCPv6 is kea-dhcp6, its own process on port 547: only the IPv4 daemons share port 67.
            if (network.Cidr.Network.IsV6)
            {
                continue;
            }

            if (daemons.TryGetValue(server, out var first) && first.Daemon != dhcp.Daemon)
            {
                context.Report(Rule.Create(dhcp.Node.At("daemon"),
                    $"'{server}' would run {Word(dhcp.Daemon)} for '{network.Name}' and {Word(first.Daemon)} for '{first.Network.Name}': both listen on port 67",
                    $"use one daemon for every network '{server}' serves",
                    [new RelatedLocation(first.Network.DhcpService!.Node.At("daemon"), $"{Word(first.Daemon)} for '{first.Network.Name}'")]));
            }
            else
            {
                daemons.TryAdd(server, (dhcp.Daemon, network));
            }
        }
    }

    private static string Word(DhcpDaemon daemon) => daemon == DhcpDaemon.Kea ? "Kea" : "dnsmasq";
}
