using System.Collections.Concurrent;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Text;

namespace Elenta.Core.Semantics;

/// <summary>
/// One hole in a machine's input firewall: a port, from these sources (none: from anywhere), to
/// these of its addresses (none: any), arriving on this interface (null: any). <see cref="Reason"/>
/// is one of <c>ssh</c>, <c>service</c>, <c>metrics</c>, <c>dhcp</c>, <c>resolver</c>, <c>nameserver</c>;
/// <see cref="Comment"/> says why in words, <see cref="At"/> where the site says so (when one place does).
/// </summary>
public sealed record InputOpening(string Reason, PortSpec Port, IReadOnlyList<IpNetwork> Sources, IReadOnlyList<IpAddress> Destinations, string? Interface, string Comment, Location? At);

/// <summary>A port the machine's roles declare that its input firewall keeps closed on purpose, and why.</summary>
public sealed record InputClosed(string What, Location At, string Why);

/// <summary>
/// A machine's input firewall: accept what <see cref="Openings"/> lists, drop the rest. A machine
/// without a chain of its own (<see cref="HasChain"/> false: a container sharing its host's network
/// stack, whose ports its host's chain opens; a host Elenta does not manage) lists nothing.
/// </summary>
public sealed record MachineInput(string Machine, bool HasChain, IReadOnlyList<InputOpening> Openings, IReadOnlyList<InputClosed> Closed);

/// <summary>
/// The one answer to "what does this machine's input firewall let in" (docs/firewall.md): SSH
/// from <c>firewall.management</c> (from anywhere when the site has no <c>firewall</c> section;
/// nowhere, with EL8023, when the section names no source); each service of the roles running in
/// the machine's network stack from the networks in its <c>clients</c>, to its addresses on the
/// networks it listens on; each metrics port from the networks of the Prometheus machines; DHCP on
/// the networks it serves DHCP for; DNS on the addresses a network hands out as its resolvers; NSD
/// on a name server, from the resolvers and the other name servers. The nftables rulesets and the
/// views (and through them nix/) are both written from it. Worked out once per resolved site, each
/// machine's part when first asked for.
/// </summary>
public sealed class InputFirewalls
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ResolvedSite, Lazy<InputFirewalls>> Cache = new();

    private readonly Site site;
    private readonly Dictionary<string, List<(string Network, IpAddress Ip)>> addresses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(Instance Instance, Role Role)>> running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> guestSsh = new(StringComparer.Ordinal);
    private readonly HashSet<string> withChain = new(StringComparer.Ordinal);
    private readonly InputOpening? management;
    private readonly InputClosed? sshClosed;
    private readonly IReadOnlyList<IpNetwork> scrapers;
    private readonly Dictionary<string, List<Network>> dhcpServed = new(StringComparer.Ordinal);
    private readonly Dictionary<IpAddress, List<Network>> resolverOf = [];
    private readonly DnsLayout dnsLayout;
    private readonly HashSet<string> nameServers;
    private readonly IReadOnlyList<IpNetwork> nsdClients;
    private readonly ConcurrentDictionary<string, MachineInput> inputs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Service, (IReadOnlyList<IpNetwork> Clients, string Label, string Comment)> services = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<(Role Role, Metric Metric), string> metrics = new();

    private InputFirewalls(ResolvedSite resolved)
    {
        site = resolved.Site;
        var serving = ServiceMachines.Of(resolved);
        foreach (var host in site.Cadaster.Hosts)
        {
            if (!addresses.ContainsKey(host.Name))
            {
                addresses[host.Name] = host.Canon.Select(c => (c.Network, c.Ip)).ToList();
                if (host.Driver != DriverKind.None)
                {
                    withChain.Add(host.Name);
                }
            }
        }

        foreach (var constellation in site.Constellations)
        {
            foreach (var instance in constellation.Instances)
            {
                var own = HasOwnStack(instance);
                if (own && !addresses.ContainsKey(instance.Name))
                {
                    addresses[instance.Name] = instance.Address is { } a ? [(a.Network, a.Ip)] : [];
                    if (serving.IsManaged(instance.Name))
                    {
                        withChain.Add(instance.Name);
                    }
                }

                if (site.Roles[instance.Role] is { } role && site.Cadaster.Hosts[instance.Host] is not null)
                {
                    var machine = own ? instance.Name : instance.Host;
                    if (!running.TryGetValue(machine, out var list))
                    {
                        running[machine] = list = [];
                    }

                    list.Add((instance, role));
                }
            }
        }

        foreach (var (name, ssh) in SshMachines.Of(site))
        {
            guestSsh.TryAdd(name, ssh.Port);
        }

        if (site.Settings.Firewall is not { } settings)
        {
            // Nobody said where the operator comes from: SSH stays open to any source, so no site
            // locks itself out by not writing a firewall section (docs/firewall.md).
            management = new InputOpening("ssh", default, [], [], null, "ssh from any source: the site sets no firewall.management", null);
        }
        else
        {
            var at = settings.Node.Child("management")?.Location ?? settings.Node.KeyAt();
            var sources = Normalize(settings.Management.Select(m => ManagementSources.Resolve(site, m.Text)).OfType<IpNetwork>());
            if (sources.Count > 0)
            {
                management = new InputOpening("ssh", default, sources, [], null, "ssh from firewall.management", at);
            }
            else
            {
                sshClosed = new InputClosed("ssh", at, "firewall.management names no source (EL8023)");
            }
        }

        // The networks, not each address: a site may run a Prometheus per constellation (the
        // benchmark site has 100), and every machine's metrics rules would list them all.
        scrapers = Normalize(serving.Providing(SiteService.Prometheus)
            .SelectMany(m => resolved.Machines[m]?.Addresses ?? [])
            .Where(a => a.Source != "bmc")
            .Select(a => site.Networks[a.Network]?.Cidr).OfType<IpNetwork>());

        foreach (var network in site.Networks)
        {
            if (network.DhcpService?.Server is { } server)
            {
                Add(dhcpServed, server, network);
            }

            foreach (var ip in network.Dns.Distinct())
            {
                Add(resolverOf, ip, network);
            }
        }

        // NSD answers the resolvers (their stub zones) and the other name servers (notify, zone
        // transfers), wherever the DNS layout (docs/dns.md) puts it.
        dnsLayout = DnsLayout.Of(resolved);
        nameServers = serving.CanonServers.Concat(site.Domains.SelectMany(serving.ServersOf)).ToHashSet(StringComparer.Ordinal);
        nsdClients = Normalize(nameServers.Concat(dnsLayout.Resolvers.Select(r => r.Machine)).Distinct()
            .SelectMany(AddressesOf).Select(a => new IpNetwork(a.Ip, a.Ip.Bits)));
    }

    /// <summary>
    /// Whether the instance has a network stack of its own: VMs, and containers with an address of
    /// their own. A container without one lives in its host's, whose chain opens its ports.
    /// </summary>
    public static bool HasOwnStack(Instance instance) => instance.Kind == InstanceKind.Vm || instance.Kind == InstanceKind.Container && instance.Address is not null;

    /// <summary>The machine whose network stack, and so whose input chain, the instance's ports are in.</summary>
    public static string NetworkStackOf(Instance instance) => HasOwnStack(instance) ? instance.Name : instance.Host;

    /// <summary>
    /// Whether a service of a role running in a machine's stack is opened in its chain: it has a
    /// client network of the site, and the machine an address where it listens (<paramref name="own"/>:
    /// the machine's networks). What <see cref="For"/> lists as a "service" opening, asked without working out the rest.
    /// </summary>
    public static bool Opens(Site site, Service service, IEnumerable<string> own) =>
        service.Port.From > 0 && service.Clients.Any(c => site.Networks[c] is not null)
        && (service.Networks.Count == 0 ? own.Any() : own.Any(service.Networks.Contains));

    public static InputFirewalls Of(ResolvedSite resolved) => Cache.GetValue(resolved, r => new Lazy<InputFirewalls>(() => new InputFirewalls(r))).Value;

    /// <summary>Whether the machine gets an input chain: a managed host, a managed guest with a network stack of its own.</summary>
    public bool HasChain(string machine) => withChain.Contains(machine);

    /// <summary>The machines that get an input chain: hosts, then guests, in the site's order.</summary>
    public IEnumerable<string> Machines()
    {
        foreach (var host in site.Cadaster.Hosts)
        {
            if (withChain.Contains(host.Name))
            {
                yield return host.Name;
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in site.Constellations.SelectMany(c => c.Instances))
        {
            if (site.Cadaster.Hosts[instance.Name] is null && withChain.Contains(instance.Name) && seen.Add(instance.Name))
            {
                yield return instance.Name;
            }
        }
    }

    /// <summary>The machine's own addresses: a host's canon addresses, a guest's address.</summary>
    public IReadOnlyList<(string Network, IpAddress Ip)> AddressesOf(string machine) => addresses.TryGetValue(machine, out var list) ? list : [];

    /// <summary>The machine's input firewall (worked out on the first call, then shared).</summary>
    public MachineInput For(string machine) => inputs.GetOrAdd(machine, Compute);

    private MachineInput Compute(string machine)
    {
        if (!withChain.Contains(machine))
        {
            return new MachineInput(machine, false, [], []);
        }

        var openings = new List<InputOpening>();
        var closed = new List<InputClosed>();
        var own = AddressesOf(machine);
        var all = own.Select(a => a.Ip).Distinct().ToList();

        var ssh = SshPort(machine);
        if (management is not null)
        {
            openings.Add(management with { Port = new PortSpec(Protocol.Tcp, ssh, ssh) });
        }
        else if (sshClosed is not null)
        {
            closed.Add(sshClosed with { What = $"ssh tcp/{ssh}" });
        }

        var seenServices = new HashSet<(string Role, string Service)>();
        var seenMetrics = new HashSet<(string Role, PortSpec Port)>();
        foreach (var (_, role) in running.TryGetValue(machine, out var list) ? list : [])
        {
            foreach (var service in role.Services)
            {
                if (service.Port.From <= 0 || !seenServices.Add((role.Name, service.Name)))
                {
                    continue; // the same role placed on the machine twice runs once
                }

                // The same role's service reads the same on every machine: worked out once.
                var (clients, label, comment) = services.GetOrAdd(service, s =>
                {
                    var l = $"{s.Name} {s.Port} of role {role.Name}";
                    return (Normalize(s.Clients.Select(c => site.Networks[c]?.Cidr).OfType<IpNetwork>()), l, $"{l} for {string.Join(", ", s.Clients)}");
                });
                if (clients.Count == 0)
                {
                    closed.Add(new InputClosed(label, service.Node.KeyAt(), "no clients"));
                    continue;
                }

                var listening = service.Networks.Count == 0 ? all : own.Where(a => service.Networks.Contains(a.Network)).Select(a => a.Ip).Distinct().ToList();
                if (listening.Count == 0)
                {
                    closed.Add(new InputClosed(label, service.Node.KeyAt(), "no address on the networks it listens on"));
                    continue;
                }

                openings.Add(new InputOpening("service", service.Port, clients, listening, null, comment, service.Node.KeyAt()));
            }

            foreach (var metric in role.Metrics)
            {
                if (metric.Port.From <= 0 || !seenMetrics.Add((role.Name, metric.Port)))
                {
                    continue;
                }

                var r = role;
                if (scrapers.Count == 0)
                {
                    closed.Add(new InputClosed($"metrics {MetricJobs.JobOf(r, metric)} {metric.Port} of role {r.Name}", metric.Node.Location, "no machine runs a role that provides prometheus"));
                    continue;
                }

                var comment = metrics.GetOrAdd((r, metric), k => $"metrics {MetricJobs.JobOf(k.Role, k.Metric)} {k.Metric.Port} of role {k.Role.Name} for prometheus's networks");
                openings.Add(new InputOpening("metrics", metric.Port, scrapers, all, null, comment, metric.Node.Location));
            }
        }

        foreach (var network in dhcpServed.TryGetValue(machine, out var served) ? served : [])
        {
            // A DHCP client has no address yet (it asks from 0.0.0.0): only the interface can tell.
            var nic = site.Cadaster.Hosts[machine] is { } host ? CarrierInterface.On(host, network.Name) : null;
            openings.Add(new InputOpening("dhcp", new PortSpec(Protocol.Udp, 67, 67), [], [], nic,
                $"DHCP server of network {network.Name}", network.DhcpService!.Node.At("server")));
        }

        var resolved = new List<Network>();
        foreach (var ip in all)
        {
            foreach (var network in resolverOf.TryGetValue(ip, out var networks) ? networks : [])
            {
                if (!resolved.Contains(network))
                {
                    resolved.Add(network);
                }
            }
        }

        foreach (var network in resolved)
        {
            var resolvers = network.Dns.Where(all.Contains).Distinct().ToList();
            foreach (var protocol in new[] { Protocol.Udp, Protocol.Tcp })
            {
                openings.Add(new InputOpening("resolver", new PortSpec(protocol, 53, 53), [network.Cidr], resolvers, null,
                    $"resolver of network {network.Name}", network.Node.At("dns")));
            }
        }

        if (nameServers.Contains(machine))
        {
            foreach (var port in dnsLayout.NsdAddresses(machine).GroupBy(a => a.Port))
            {
                foreach (var protocol in new[] { Protocol.Udp, Protocol.Tcp })
                {
                    openings.Add(new InputOpening("nameserver", new PortSpec(protocol, port.Key, port.Key), nsdClients, port.Select(a => a.Ip).ToList(), null,
                        $"NSD of name server {machine}: queries from the site's resolvers, notify and zone transfers between its name servers", null));
                }
            }
        }

        return new MachineInput(machine, true, openings, closed);
    }

    /// <summary>The port the machine's sshd listens on: its ssh section's, else 22 (as known_hosts and deploy use it).</summary>
    private int SshPort(string machine) =>
        site.Cadaster.Hosts[machine] is { } host ? host.Ssh?.Port ?? 22 : guestSsh.GetValueOrDefault(machine, 22);

    /// <summary>The networks without those another one holds, sorted: CIDRs are nested or disjoint, as nft's interval sets need.</summary>
    public static List<IpNetwork> Normalize(IEnumerable<IpNetwork> networks)
    {
        var kept = new List<IpNetwork>();
        foreach (var n in networks.Distinct().OrderBy(n => n.PrefixLength).ThenBy(n => n.Network))
        {
            if (!kept.Any(k => k.Network.IsV6 == n.Network.IsV6 && k.Contains(n.First)))
            {
                kept.Add(n);
            }
        }

        kept.Sort((a, b) => a.Network.CompareTo(b.Network));
        return kept;
    }

    private static void Add<TKey, T>(Dictionary<TKey, List<T>> map, TKey key, T value)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}
