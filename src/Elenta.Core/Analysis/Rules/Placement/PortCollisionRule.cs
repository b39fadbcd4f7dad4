using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Placement;

/// <summary>EL6002: two instances on one machine listen on the same port and protocol.</summary>
public sealed class PortCollisionRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL6002", "Two instances listen on one port of one machine", Severity.Error, "Placement");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Every service and metrics port of a role is opened on the machine the instance runs on.
        Roles in hostConfig share the host; so do containers without an address of their own (they
        live in the host's network namespace). VMs, and containers with an address, are machines of
        their own. Two different instances on one machine cannot both listen on the same port and
        protocol: one of them would fail to start. Checked across every constellation being checked,
        so two constellations that collide on a port are reported as incompatible. The same role
        placed twice on the host itself merges into one service and is not a collision.
        The daemons Elenta configures itself are checked against each other the same way: nginx on
        every proxied name's frontendPort (and httpsPort with TLS), the backend a proxy entry sends
        to (its port), sshd on the machine's ssh.port, Unbound and NSD on their addresses (port 53,
        or 5353). Role services are not compared with those daemons: a service for nginx's, sshd's
        or the resolver's port is how a role opens it in the input firewall, and nothing tells that
        declaration from another daemon on the port; so two roles' services on a TCP port nginx
        listens on are not reported against each other either (each opens nginx's port).
        """;

    public override void Analyze(AnalysisContext context)
    {
        // Keyed by a number per machine: the machine's name is hashed once per instance, not once per port.
        var machineIds = new Dictionary<(bool Guest, string Name), int>();
        var reported = new HashSet<(Instance First, Instance Second, int Index)>();
        var portsByRole = new Dictionary<Role, List<(PortSpec Port, object Source)>>(ReferenceEqualityComparer.Instance);
        List<(PortSpec Port, object Source)> PortsOf(Role role)
        {
            if (!portsByRole.TryGetValue(role, out var list))
            {
                list = Ports(role);
                portsByRole[role] = list;
            }

            return list;
        }

        // The TCP ports nginx listens on, by machine: a role service there is nginx's own opening (EL8065).
        var proxied = ProxyFacts.Names(context);
        var nginxPorts = new HashSet<((bool Guest, string Name) Machine, int Port)>();
        foreach (var name in proxied)
        {
            var key = (name.Instance.Kind != InstanceKind.Host, name.Instance.Machine);
            nginxPorts.Add((key, name.Entry.FrontendPort));
            if (name.Tls is not null)
            {
                nginxPorts.Add((key, name.Entry.HttpsPort));
            }
        }

        // One entry per port claimed: sized up front (a 10,000-host site claims about 100,000), keyed by one number.
        var claims = new Dictionary<long, (PlacedInstance Instance, int Index)>(CountClaims(context.Site, PortsOf));
        foreach (var p in PlacementFacts.DistinctRunning(context.Site))
        {
            var ports = PortsOf(p.Role);
            if (ports.Count == 0)
            {
                continue;
            }

            if (!machineIds.TryGetValue(p.MachineKey, out var machine))
            {
                machineIds[p.MachineKey] = machine = machineIds.Count;
            }

            for (var index = 0; index < ports.Count; index++)
            {
                var port = ports[index].Port;
                for (var n = port.From; n <= port.To; n++)
                {
                    var key = ((long)machine << 32) | ((long)port.Protocol << 24) | (uint)n;
                    if (!claims.TryGetValue(key, out var first))
                    {
                        claims[key] = (p, index);
                        continue;
                    }

                    // Two roles that each open nginx's port (for the names of each served there, say):
                    // both are nginx's own opening, not two daemons.
                    if (ReferenceEquals(first.Instance.Instance, p.Instance) || (port.Protocol == Protocol.Tcp && nginxPorts.Contains((p.MachineKey, n)))
                        || !reported.Add((first.Instance.Instance, p.Instance, index)))
                    {
                        continue;
                    }

                    var (what, where) = Describe(ports[index]);
                    var (firstWhat, firstWhere) = Describe(PortsOf(first.Instance.Role)[first.Index]);
                    var proto = port.Protocol == Protocol.Tcp ? "tcp" : "udp";
                    context.Report(Rule.Create(p.KeyLocation,
                        $"{p.Describe()} listens on {proto}/{n} ({what}) on machine '{p.Machine}', where {first.Instance.Describe()} already listens on it ({firstWhat})",
                        "move one of the instances to another machine (or give a container an address of its own), or change one role's port",
                        [
                            new RelatedLocation(first.Instance.KeyLocation, $"{first.Instance.Describe()} is placed here"),
                            new RelatedLocation(firstWhere, $"{firstWhat} of role '{first.Instance.Role.Name}' opens {proto}/{n} here"),
                            new RelatedLocation(where, $"{what} of role '{p.Role.Name}' opens {proto}/{n} here"),
                        ]));
                }
            }
        }

        DaemonCollisions(context, proxied);
    }

    private static int CountClaims(Site site, Func<Role, List<(PortSpec Port, object Source)>> portsOf)
    {
        var count = 0;
        foreach (var p in PlacementFacts.DistinctRunning(site))
        {
            foreach (var (port, _) in portsOf(p.Role))
            {
                count += port.To - port.From + 1;
            }
        }

        return count;
    }

    /// <summary>The ports a role opens: its services, then its metrics endpoints (the node says where each was written).</summary>
    private static List<(PortSpec Port, object Source)> Ports(Role role)
    {
        var list = new List<(PortSpec, object)>(role.Services.Count + role.Metrics.Count);
        foreach (var service in role.Services)
        {
            if (service.Port.From > 0)
            {
                list.Add((service.Port, service));
            }
        }

        foreach (var metric in role.Metrics)
        {
            if (metric.Port.From > 0)
            {
                list.Add((metric.Port, metric));
            }
        }

        return list;
    }

    /// <summary>
    /// A port a daemon Elenta configures itself listens on: nginx for the proxied names, the backend
    /// a proxy entry sends to (on the proxy's own machine), sshd, Unbound and NSD. <see cref="Owner"/>
    /// tells the daemons apart (one nginx serves every name of its machine, one backend every entry
    /// sent to its port); <see cref="Address"/> is null for a daemon listening on every address.
    /// <see cref="Written"/> says whether the site wrote the port or a default gave it: the written
    /// one is where a collision is reported. <see cref="Rank"/> orders a machine's ports (sshd,
    /// Unbound, NSD, backends, nginx), so the same site gives the same report.
    /// </summary>
    private sealed record DaemonPort(int Rank, string Owner, string What, Protocol Protocol, int Port, IpAddress? Address, Location At, bool Written, string Why, string Fix);

    private static readonly IpAddress Loopback = IpAddress.Parse("127.0.0.1");

    /// <summary>
    /// The daemons Elenta configures on a machine against each other: nginx's frontendPort and
    /// httpsPort, the proxied backends' ports, sshd's port, Unbound and NSD on their addresses. Each
    /// is certainly a daemon of its own, so two of them on one port (and address) is certainly a
    /// collision. Role services and metrics ports are not compared with them: a role declares a
    /// service for nginx's, sshd's or the resolver's own port to open it in the input firewall
    /// (EL8065), and nothing tells that declaration from another daemon on the port.
    /// </summary>
    private static void DaemonCollisions(AnalysisContext context, List<ProxiedName> proxied)
    {
        var site = context.Site;
        var resolved = context.Resolved;
        var serving = ServiceMachines.Of(resolved);
        // The guests with a network stack of their own (VMs, containers with an address), by name, first placement.
        var guests = new Dictionary<string, Instance>(StringComparer.Ordinal);
        foreach (var instance in site.Constellations.SelectMany(c => c.Instances))
        {
            if (InputFirewalls.HasOwnStack(instance))
            {
                guests.TryAdd(instance.Name, instance);
            }
        }

        // Elenta configures nothing on a host with driver: none, nor on a switch.
        bool Managed(string machine) => site.Cadaster.Hosts[machine] is { } host ? host.Driver != DriverKind.None : guests.ContainsKey(machine);
        var byMachine = new Dictionary<string, List<DaemonPort>>(StringComparer.Ordinal);
        void Claim(string machine, DaemonPort port)
        {
            if (!byMachine.TryGetValue(machine, out var list))
            {
                byMachine[machine] = list = [];
            }

            // One claim per daemon, port and address: one nginx serves every name on its port.
            if (!list.Any(c => c.Owner == port.Owner && c.Protocol == port.Protocol && c.Port == port.Port && c.Address == port.Address))
            {
                list.Add(port);
            }
        }

        foreach (var (name, role, entry, tls) in proxied)
        {
            var instance = name.Instance;
            // A proxied name is on a machine with an address (SiteNames): the host, or a guest with a
            // network stack of its own. nginx listens on every address (listen PORT); the backend at
            // least where nginx sends it, 127.0.0.1 or one of the machine's own addresses.
            var machine = instance.Machine;
            if (!Managed(machine))
            {
                continue;
            }

            var fqdn = name.Fqdn;
            Claim(machine, new DaemonPort(3, $"backend {entry.Port.From}", $"the backend of {fqdn} (role {role.Name})", Protocol.Tcp, entry.Port.From, Loopback,
                At(entry.Node, "port"), true, "the proxy entry's port", $"run the backend of {fqdn} on another port (the proxy entry's port, and its service's)"));
            Claim(machine, Nginx(entry, fqdn, "frontendPort", entry.FrontendPort, "plain HTTP", $"give {fqdn} a frontendPort other than {entry.FrontendPort}"));
            if (tls is not null)
            {
                Claim(machine, Nginx(entry, fqdn, "httpsPort", entry.HttpsPort, "HTTPS", $"give {fqdn} an httpsPort other than {entry.HttpsPort}"));
            }
        }

        // Unbound and NSD where docs/dns.md's layout puts them, on their own addresses.
        var layout = DnsLayout.Of(resolved);
        foreach (var resolver in layout.Resolvers.Where(r => Managed(r.Machine)))
        {
            foreach (var a in resolver.Addresses)
            {
                var at = site.Networks.FirstOrDefault(n => n.Dns.Contains(a.Ip)) is { } network ? DnsRuleFacts.DnsEntryAt(network, a.Ip) : (Location?)null;
                foreach (var protocol in new[] { Protocol.Tcp, Protocol.Udp })
                {
                    Claim(resolver.Machine, new DaemonPort(1, "unbound", $"Unbound (the resolver at {a.Ip})", protocol, a.Port, a.Ip, at ?? MachineAt(site, guests, resolver.Machine, a.Ip), false,
                        "a network hands the address out as its resolver",
                        "hand out another machine's address as the resolver (networks.*.dns)"));
                }
            }
        }

        foreach (var server in serving.CanonServers.Concat(site.Domains.SelectMany(serving.ServersOf)).Distinct(StringComparer.Ordinal).Where(Managed))
        {
            foreach (var a in layout.NsdAddresses(server))
            {
                foreach (var protocol in new[] { Protocol.Tcp, Protocol.Udp })
                {
                    Claim(server, new DaemonPort(2, "nsd", $"NSD (the name server at {a.Endpoint})", protocol, a.Port, a.Ip, MachineAt(site, guests, server, a.Ip), false,
                        $"'{server}' is a name server: NSD on this address (docs/dns.md)",
                        "serve the zones from another machine (nameservers)"));
                }
            }
        }

        // sshd on every machine Elenta manages (it deploys over SSH), on every address; a guest's
        // ssh section is the first one given (SshMachines), as for known_hosts and the input firewall.
        var guestSsh = new Dictionary<string, SshSpec>(StringComparer.Ordinal);
        foreach (var (machine, ssh) in SshMachines.Of(site))
        {
            guestSsh.TryAdd(machine, ssh);
        }

        foreach (var (machine, ports) in byMachine)
        {
            var (ssh, at, written) = Sshd(site, guests, guestSsh, machine);
            ports.Add(new DaemonPort(0, "sshd", "sshd", Protocol.Tcp, ssh, null, at, written, written ? "ssh.port" : "no ssh.port is given: 22", $"give '{machine}' another ssh.port"));
        }

        var reported = new HashSet<(string Machine, int Port, string First, string Second)>();
        foreach (var (machine, unordered) in byMachine)
        {
            var ports = unordered.OrderBy(p => p.Rank).ToList();
            for (var j = 1; j < ports.Count; j++)
            {
                var later = ports[j];
                for (var i = 0; i < j; i++)
                {
                    var earlier = ports[i];
                    if (earlier.Owner == later.Owner || earlier.Protocol != later.Protocol || earlier.Port != later.Port
                        || (earlier.Address is { } x && later.Address is { } y && x != y)
                        || !reported.Add((machine, later.Port, earlier.Owner, later.Owner)))
                    {
                        continue;
                    }

                    // At the port the site wrote: a default (nginx's 80, sshd's 22) is the other's to move.
                    var (here, other) = later.Written || !earlier.Written ? (later, earlier) : (earlier, later);
                    var proto = later.Protocol == Protocol.Tcp ? "tcp" : "udp";
                    var nginx = here.Owner == "nginx" || other.Owner == "nginx"
                        ? $" (when that is nginx, it does not start, and no name it serves on '{machine}' answers)"
                        : string.Empty;
                    context.Report(Rule.Create(here.At,
                        $"{here.What} and {other.What} both listen on {proto}/{later.Port} of machine '{machine}': whichever starts second cannot bind it{nginx}",
                        $"{here.Fix}, or {other.Fix}",
                        [new RelatedLocation(other.At, $"{other.What} listens on {proto}/{later.Port} ({other.Why})")]));
                }
            }
        }
    }

    private static DaemonPort Nginx(ProxyEntry entry, string fqdn, string key, int port, string scheme, string fix)
    {
        var written = entry.Node is MergedMapping m && m.Child(key) is not null;
        var at = written ? At(entry.Node, key) : entry.Node.KeyLocation ?? entry.Node.Location;
        var why = written ? key : $"no {key} is given: {port}";
        return new DaemonPort(4, "nginx", $"nginx ({scheme} of {fqdn})", Protocol.Tcp, port, null, at, written, why, fix);
    }

    /// <summary>sshd's port on a machine (its ssh section's, else 22, as the input firewall opens it), where it is written, and whether it is.</summary>
    private static (int Port, Location At, bool Written) Sshd(Site site, Dictionary<string, Instance> guests, Dictionary<string, SshSpec> guestSsh, string machine)
    {
        SshSpec? ssh;
        Location fallback;
        if (site.Cadaster.Hosts[machine] is { } host)
        {
            ssh = host.Ssh;
            fallback = host.Node.KeyAt();
        }
        else
        {
            ssh = guestSsh.GetValueOrDefault(machine);
            fallback = guests[machine].Node.KeyAt();
        }

        return ssh?.Node.Child("port") is not null ? (ssh.Port, ssh.Node.At("port"), true) : (ssh?.Port ?? 22, fallback, false);
    }

    /// <summary>Where the site gives a machine an address: a host's canon address, a guest's address, else the machine itself.</summary>
    private static Location MachineAt(Site site, Dictionary<string, Instance> guests, string machine, IpAddress ip)
    {
        if (site.Cadaster.Hosts[machine] is { } host)
        {
            return host.Canon.FirstOrDefault(c => c.Ip == ip)?.Node.Location ?? host.Node.KeyAt();
        }

        var guest = guests[machine];
        return guest.Address?.Node.Location ?? guest.Node.KeyAt();
    }

    private static (string What, Location Where) Describe((PortSpec Port, object Source) port) => port.Source switch
    {
        Service s => ($"service '{s.Name}'", At(s.Node, "port")),
        _ => ($"metrics endpoint {((Metric)port.Source).Path}", At(((Metric)port.Source).Node, "port")),
    };

    private static Location At(MergedNode node, string key) => node is MergedMapping m ? m.At(key) : node.Location;
}
