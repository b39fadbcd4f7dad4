using Elenta.Core.Diagnostics;
using Elenta.Core.Model;

namespace Elenta.Core.Emit.Dhcp;

/// <summary>
/// DHCP for every IPv4 network with a <c>dhcp</c> block, for the daemon its server runs
/// (<c>dhcp.daemon</c>): a dnsmasq fragment per network, installed side by side in the server's
/// /etc/dnsmasq.d; or one Kea configuration per server holding every network it serves (Kea reads
/// one configuration per process). Every IPv6 network with a <c>dhcp</c> block gets DHCPv6 from
/// kea-dhcp6 (one configuration per server), and radvd's configuration on the host holding its
/// gateway. A network whose server the site does not name still gets its file, delivered to
/// nobody; analysis reports it.
/// </summary>
public sealed class DhcpEmitter : IArtifactEmitter
{
    public const string FamilyName = "dhcp";

    public string Family => FamilyName;

    public string Description => "dnsmasq fragments per network, or one Kea config per DHCP server: reservations, pools, options, PXE/iPXE boot; Kea DHCPv6 and radvd for IPv6 networks";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var site = context.Resolved.Site.Settings.Name;
        var scopes = DhcpScopes.Of(context.Resolved);
        var artifacts = new List<Artifact>();
        var dns = Semantics.DnsLayout.Of(context.Resolved);
        var serving = Semantics.ServiceMachines.Of(context.Resolved);
        bool RunsDns(string? machine) => machine is not null && (dns.ResolverOn(machine) is not null
            || serving.CanonServers.Contains(machine) || context.Resolved.Site.Domains.Any(d => serving.ServersOf(d).Contains(machine)));
        foreach (var plan in scopes.Where(p => p.Network.DhcpService!.Daemon == DhcpDaemon.Dnsmasq))
        {
            var name = plan.Network.Name;
            var server = plan.Network.DhcpService!.Server;
            artifacts.Add(Artifact.Text($"{FamilyName}/dnsmasq/{name}.conf", FamilyName,
                new Delivery(server is null ? [] : [server], $"/etc/dnsmasq.d/elenta-{name}.conf", "0644", ["systemctl restart dnsmasq"]),
                DnsmasqConfig.Write(site, plan)));
        }

        foreach (var server in scopes.Where(p => p.Network.DhcpService!.Daemon == DhcpDaemon.Dnsmasq).Select(p => p.Network.DhcpService!.Server)
                     .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (DnsmasqConfig.WriteServer(site, server, RunsDns(server)) is { } text)
            {
                artifacts.Add(Artifact.Text($"{FamilyName}/dnsmasq/_server/{server}.conf", FamilyName,
                    new Delivery([server], DnsmasqConfig.ServerTarget, "0644", ["systemctl restart dnsmasq"]), text));
            }
        }

        // One Kea per server; a network nobody serves gets a file of its own, delivered to nobody.
        foreach (var group in scopes.Where(p => p.Network.DhcpService!.Daemon == DhcpDaemon.Kea)
                     .GroupBy(p => p.Network.DhcpService!.Server is { } s ? (s, true) : (p.Network.Name, false)))
        {
            var (name, served) = group.Key;
            var path = served ? $"{FamilyName}/kea/{name}.kea-dhcp4.conf" : $"{FamilyName}/kea/unserved/{name}.kea-dhcp4.conf";
            artifacts.Add(new Artifact(path, FamilyName,
                new Delivery(served ? [name] : [], "/etc/kea/kea-dhcp4.conf", "0644", ["systemctl restart kea-dhcp4-server"]),
                KeaConfig.Write([.. group], "/var/lib/kea/kea-leases4.csv")));
        }

        // DHCPv6: one kea-dhcp6 per server, beside its DHCPv4 daemon (DHCPv6 listens on port 547).
        foreach (var group in DhcpScopes.V6Of(context.Resolved)
                     .GroupBy(p => p.Network.DhcpService!.Server is { } s ? (s, true) : (p.Network.Name, false)))
        {
            var (name, served) = group.Key;
            var host = served ? context.Resolved.Site.Cadaster.Hosts[name] : null;
            var subnets = group.Select(p => new Kea6Config.Subnet(p, host?.Canon.FirstOrDefault(c => c.Network == p.Network.Name)?.Interface)).ToList();
            var path = served ? $"{FamilyName}/kea/{name}.kea-dhcp6.conf" : $"{FamilyName}/kea/unserved/{name}.kea-dhcp6.conf";
            artifacts.Add(new Artifact(path, FamilyName,
                new Delivery(served ? [name] : [], "/etc/kea/kea-dhcp6.conf", "0644", ["systemctl restart kea-dhcp6-server"]),
                Kea6Config.Write(subnets, "/var/lib/kea/kea-leases6.csv")));
        }

        // Router advertisements of those networks, on the hosts holding their gateways (the others: EL8063).
        foreach (var router in Semantics.RouterAdvertisers.Of(context.Resolved.Site).Where(a => a.Host is not null).GroupBy(a => a.Host!.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            artifacts.Add(Artifact.Text($"{FamilyName}/radvd/{router.Key}.radvd.conf", FamilyName,
                Delivery.To(router.Key, "/etc/radvd.conf", "0644", "systemctl restart radvd"),
                RadvdConfig.Write(router.Key, [.. router])));
        }

        return artifacts;
    }
}
