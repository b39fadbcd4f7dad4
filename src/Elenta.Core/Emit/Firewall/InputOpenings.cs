using Elenta.Core.Analysis.Facts;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Firewall;

/// <summary>
/// One hole in a machine's input firewall: these ports, from these sources (none: from anywhere),
/// to these of its addresses (none: any), arriving on this interface (null: any); and why, with
/// where the site says so.
/// </summary>
internal sealed record Opening(Protocol Protocol, IReadOnlyList<PortSpec> Ports, IReadOnlyList<IpNetwork> Sources, IReadOnlyList<IpAddress> Destinations, string? Interface, string Why);

/// <summary>What one machine's input firewall opens, and what it keeps closed on purpose (as remarks).</summary>
internal sealed record MachineInput(string Machine, IReadOnlyList<Opening> Openings, IReadOnlyList<string> Closed);

/// <summary>
/// Works out, for every machine with its own network stack, what its input firewall opens: SSH to
/// <c>firewall.management</c>; each service of the roles it runs to the networks in its
/// <c>clients</c>, on its addresses on the networks the service listens on; each metrics port to
/// the Prometheus machines; DHCP on the networks it serves DHCP for; DNS on the addresses a network
/// hands out as its resolvers. Nothing else: a service without clients stays closed (its role's
/// own reverse proxy reaches it over loopback).
/// </summary>
internal sealed class InputOpenings
{
    private readonly Site site;
    private readonly Func<Text.Location, string> where;
    private readonly Dictionary<string, List<(string Network, IpAddress Ip)>> addresses = new(StringComparer.Ordinal);
    private readonly ILookup<string, PlacedInstance> placedOn;
    private readonly IReadOnlyList<IpNetwork> management;
    private readonly string managementWhy;
    private readonly IReadOnlyList<string> prometheus;
    private readonly IReadOnlyList<IpNetwork> prometheusSources;
    private readonly Dictionary<string, int> guestSsh = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Service, (IReadOnlyList<IpNetwork> Clients, string Label)> services = new(ReferenceEqualityComparer.Instance);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Service, string> reasons = new(ReferenceEqualityComparer.Instance);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Metric, string> metrics = new(ReferenceEqualityComparer.Instance);

    /// <summary>Address sets as nft reads them, each list (shared by many machines) rendered once per family.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<(IReadOnlyList<IpNetwork> List, bool V6), string> RenderedSources { get; } =
        new(new SourceKeyComparer());

    private sealed class SourceKeyComparer : IEqualityComparer<(IReadOnlyList<IpNetwork> List, bool V6)>
    {
        public bool Equals((IReadOnlyList<IpNetwork> List, bool V6) x, (IReadOnlyList<IpNetwork> List, bool V6) y) => ReferenceEquals(x.List, y.List) && x.V6 == y.V6;

        public int GetHashCode((IReadOnlyList<IpNetwork> List, bool V6) key) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.List), key.V6);
    }
    private readonly ILookup<string, Network> dhcpServed;
    private readonly ILookup<IpAddress, Network> resolverOf;
    private readonly DnsLayout dnsLayout;
    private readonly HashSet<string> nameServers;
    private readonly IReadOnlyList<IpNetwork> nsdClients;

    public InputOpenings(ResolvedSite resolved, Func<Text.Location, string> where)
    {
        site = resolved.Site;
        this.where = where;
        foreach (var host in site.Cadaster.Hosts)
        {
            addresses[host.Name] = host.Canon.Select(c => (c.Network, c.Ip)).ToList();
        }

        foreach (var instance in site.Constellations.SelectMany(c => c.Instances))
        {
            if (instance.Kind != InstanceKind.Host && instance.Address is { } a && !addresses.ContainsKey(instance.Name))
            {
                addresses[instance.Name] = [(a.Network, a.Ip)];
            }
        }

        placedOn = PlacementFacts.Placed(site).ToLookup(p => p.Machine, StringComparer.Ordinal);
        foreach (var (name, ssh) in SshMachines.Of(site))
        {
            guestSsh.TryAdd(name, ssh.Port);
        }

        dhcpServed = site.Networks.Where(n => n.DhcpService?.Server is not null).ToLookup(n => n.DhcpService!.Server!, StringComparer.Ordinal);
        resolverOf = site.Networks.SelectMany(n => n.Dns.Distinct().Select(ip => (ip, n))).ToLookup(x => x.ip, x => x.n);
        var settings = site.Settings.Firewall;
        management = NftText.Normalize((settings?.Management ?? []).Select(m => ManagementSources.Resolve(site, m.Text)).OfType<IpNetwork>());
        managementWhy = settings is null ? string.Empty : $"ssh from firewall.management ({where(settings.Node.Child("management")?.Location ?? settings.Node.KeyAt())})";
        prometheus = ServiceMachines.Of(resolved).Providing(SiteService.Prometheus);
        prometheusSources = NftText.Normalize(prometheus.SelectMany(m => AddressesOf(m)).Select(a => new IpNetwork(a.Ip, a.Ip.Bits)));

        // NSD answers the resolvers (their stub zones) and the other name servers (notify, zone
        // transfers), wherever the DNS layout (docs/dns.md) puts it.
        var serving = ServiceMachines.Of(resolved);
        dnsLayout = DnsLayout.Of(resolved);
        nameServers = serving.CanonServers.Concat(site.Domains.SelectMany(serving.ServersOf)).ToHashSet(StringComparer.Ordinal);
        nsdClients = NftText.Normalize(nameServers.Concat(dnsLayout.Resolvers.Select(r => r.Machine)).Distinct()
            .SelectMany(m => AddressesOf(m)).Select(a => new IpNetwork(a.Ip, a.Ip.Bits)));
    }

    /// <summary>The machines that get an input firewall: managed hosts, then guests with a network stack of their own, each once.</summary>
    public IEnumerable<string> Machines(ServiceMachines serving)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var host in site.Cadaster.Hosts)
        {
            if (host.Driver != DriverKind.None && seen.Add(host.Name))
            {
                yield return host.Name;
            }
        }

        foreach (var instance in site.Constellations.SelectMany(c => c.Instances))
        {
            var own = instance.Kind == InstanceKind.Vm || instance.Kind == InstanceKind.Container && instance.Address is not null;
            if (own && serving.IsManaged(instance.Name) && seen.Add(instance.Name))
            {
                yield return instance.Name;
            }
        }
    }

    public IReadOnlyList<(string Network, IpAddress Ip)> AddressesOf(string machine) => addresses.GetValueOrDefault(machine) ?? [];

    public MachineInput For(string machine)
    {
        var openings = new List<Opening>();
        var closed = new List<string>();
        var own = AddressesOf(machine);
        var all = own.Select(a => a.Ip).Distinct().ToList();

        var ssh = SshPort(machine);
        if (management.Count > 0)
        {
            openings.Add(new Opening(Protocol.Tcp, [new PortSpec(Protocol.Tcp, ssh, ssh)], management, [], null, managementWhy));
        }

        var seenServices = new HashSet<(string Role, string Service)>();
        var seenMetrics = new HashSet<(string Role, PortSpec Port)>();
        foreach (var p in placedOn[machine])
        {
            foreach (var service in p.Role.Services)
            {
                if (service.Port.From <= 0 || !seenServices.Add((p.Role.Name, service.Name)))
                {
                    continue;
                }

                // The same role's service reads the same on every machine: worked out once.
                var (clients, label) = services.GetOrAdd(service, s => (
                    NftText.Normalize(s.Clients.Select(c => site.Networks[c]).OfType<Network>().Select(n => n.Cidr)),
                    $"{s.Name} {s.Port} of role {p.Role.Name}"));
                if (clients.Count == 0)
                {
                    closed.Add($"closed: {label} ({where(service.Node.KeyAt())}): no clients");
                    continue;
                }

                var listening = service.Networks.Count == 0 ? all : own.Where(a => service.Networks.Contains(a.Network)).Select(a => a.Ip).Distinct().ToList();
                if (listening.Count == 0)
                {
                    closed.Add($"closed: {label} ({where(service.Node.KeyAt())}): no address on the networks it listens on");
                    continue;
                }

                var why = reasons.GetOrAdd(service, s => $"{label} for {string.Join(", ", s.Clients)} ({where(s.Node.KeyAt())})");
                openings.Add(new Opening(service.Port.Protocol, [service.Port], clients, listening, null, why));
            }

            foreach (var metric in p.Role.Metrics)
            {
                if (!seenMetrics.Add((p.Role.Name, metric.Port)))
                {
                    continue;
                }

                var role = p.Role;
                if (prometheusSources.Count == 0)
                {
                    closed.Add($"closed: metrics {MetricJobs.JobOf(role, metric)} {metric.Port} of role {role.Name} ({where(metric.Node.Location)}): no machine runs a role that provides prometheus");
                    continue;
                }

                var why = metrics.GetOrAdd(metric, m =>
                    $"metrics {MetricJobs.JobOf(role, m)} {m.Port} of role {role.Name} for prometheus on {string.Join(", ", prometheus)} ({where(m.Node.Location)})");
                openings.Add(new Opening(metric.Port.Protocol, [metric.Port], prometheusSources, all, null, why));
            }
        }

        foreach (var network in dhcpServed[machine])
        {
            var nic = site.Cadaster.Hosts[machine] is { } host ? FirewallFacts.InterfaceOn(host, network.Name) : null;
            openings.Add(new Opening(Protocol.Udp, [new PortSpec(Protocol.Udp, 67, 67)], [], [], nic,
                $"DHCP server of network {network.Name} ({where(network.DhcpService!.Node.At("server"))})"));
        }

        foreach (var network in all.SelectMany(ip => resolverOf[ip]).Distinct())
        {
            var resolvers = network.Dns.Where(all.Contains).Distinct().ToList();
            var why = $"resolver of network {network.Name} ({where(network.Node.At("dns"))})";
            foreach (var protocol in new[] { Protocol.Udp, Protocol.Tcp })
            {
                openings.Add(new Opening(protocol, [new PortSpec(protocol, 53, 53)], [network.Cidr], resolvers, null, why));
            }
        }

        if (nameServers.Contains(machine))
        {
            foreach (var port in dnsLayout.NsdAddresses(machine).GroupBy(a => a.Port))
            {
                var why = $"NSD of name server {machine}: queries from the site's resolvers, notify and zone transfers between its name servers";
                foreach (var protocol in new[] { Protocol.Udp, Protocol.Tcp })
                {
                    openings.Add(new Opening(protocol, [new PortSpec(protocol, port.Key, port.Key)], nsdClients, port.Select(a => a.Ip).ToList(), null, why));
                }
            }
        }

        return new MachineInput(machine, openings, closed);
    }

    /// <summary>The port the machine's sshd listens on: its ssh section's, else 22 (as known_hosts and deploy use it).</summary>
    private int SshPort(string machine) =>
        site.Cadaster.Hosts[machine] is { } host ? host.Ssh?.Port ?? 22 : guestSsh.GetValueOrDefault(machine, 22);
}
