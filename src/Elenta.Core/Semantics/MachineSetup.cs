using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics;

/// <summary>One address as an interface carries it: with the prefix length of its network, and the alias label it was given on (toto's enp2s0_dns).</summary>
public sealed record SetupAddress(IpAddress Ip, int PrefixLength, string Network, string? Label);

/// <summary>
/// One interface as the machine configures it: a physical NIC, a bond, a VLAN or a bridge. An
/// address the cadaster puts on an alias sits on the alias's parent (with the alias as label), and
/// one on a bridged NIC sits on the bridge, where Linux needs it.
/// </summary>
public sealed record SetupInterface(
    string Name,
    string Kind,
    MacAddress? Mac,
    int? Mtu,
    IReadOnlyList<string> Members,
    string? BondMode,
    int? Vlan,
    string? Parent,
    string? Bridge,
    bool Wireless,
    IReadOnlyList<SetupAddress> Addresses);

/// <summary>The default route: the gateway of the machine's primary network, unless the machine is that gateway itself.</summary>
public sealed record SetupGateway(IpAddress Address, string Network, string? Interface);

/// <summary>A port one of the machine's roles listens on, where, and which networks must reach it.</summary>
public sealed record SetupService(string Instance, string Role, string Name, PortSpec Port, IReadOnlyList<string> Networks, IReadOnlyList<string> Interfaces, IReadOnlyList<string> Clients);

/// <summary>
/// A filesystem a role of the machine mounts: a dataset of the machine's own pools (mounted by ZFS
/// itself when the dataset's mountpoint is the path), another machine's NFS export of a dataset, a
/// device or NFS <c>source</c>, or a plain directory the role keeps (<see cref="Kind"/> directory).
/// </summary>
public sealed record SetupMount(string Path, string Kind, string? Device, string? FsType, IReadOnlyList<string> Options, string? Dataset, bool Automount, string? Server, string Instance, string Role);

/// <summary>A path the machine exports over NFS, and to which networks.</summary>
public sealed record SetupExport(string Path, string? Dataset, IReadOnlyList<string> ClientNetworks, IReadOnlyList<string> Clients, string Instance, string Role);

/// <summary>Another machine this one works with, and why (a requirement, an NFS mount).</summary>
public sealed record SetupPeer(string Name, string CanonName, IReadOnlyList<string> Reasons);

/// <summary>
/// Everything a machine needs to configure itself that the view adds to its roles and addresses:
/// interfaces, routes and resolvers, the services it runs and its input firewall (from
/// <see cref="InputFirewalls"/>: the rules its nftables file has), mounts, exports, pools, host id
/// and peers. Computed from the resolved site (<see cref="SetupFacts"/> holds what the whole site
/// shares), written into view.json by <see cref="ViewJson"/>.
/// </summary>
public sealed record MachineSetup(
    string HostId,
    bool PredictableInterfaceNames,
    IReadOnlyList<SetupInterface> Interfaces,
    SetupGateway? Gateway,
    IReadOnlyList<IpAddress> Nameservers,
    IReadOnlyList<string> Search,
    IReadOnlyList<Network> Networks,
    IReadOnlyList<SetupService> Services,
    MachineInput Input,
    IReadOnlyList<SetupMount> Mounts,
    IReadOnlyList<SetupExport> Exports,
    IReadOnlyList<Pool> Pools,
    IReadOnlyList<SetupPeer> Peers)
{
    /// <summary>The machine's setup. Cheap per machine: what the site shares is worked out once.</summary>
    public static MachineSetup Of(ResolvedSite resolved, MachineView view) => new Builder(SetupFacts.Of(resolved), view).Build();

    private sealed class Builder(SetupFacts facts, MachineView view)
    {
        private readonly Site site = facts.Site;
        private readonly Host? host = view.Kind == InstanceKind.Host ? facts.Site.Cadaster.Hosts[view.Name] : null;

        /// <summary>The interface (after alias and bridge) that carries each of the machine's networks, first address wins.</summary>
        private readonly Dictionary<string, string> interfaceOfNetwork = new(StringComparer.Ordinal);

        public MachineSetup Build()
        {
            var interfaces = view.Kind == InstanceKind.Host ? HostInterfaces() : GuestInterfaces();
            // The primary address's network first: its gateway and resolvers come first. (Loops, not
            // LINQ: this runs once per machine, tens of thousands of times a build.)
            var own = new List<ViewAddress>(view.Addresses.Count);
            foreach (var primary in new[] { true, false })
            {
                foreach (var a in view.Addresses)
                {
                    if (a.Primary == primary && a.Source != "bmc")
                    {
                        own.Add(a);
                    }
                }
            }

            var networks = new List<Network>(own.Count);
            foreach (var a in own)
            {
                if (site.Networks[a.Network] is { } network && !networks.Contains(network))
                {
                    networks.Add(network);
                }
            }

            var services = Services(own);
            var mounts = Mounts();
            return new MachineSetup(
                HostIds.Of(host, view.Name),
                view.Kind == InstanceKind.Host,
                interfaces,
                Gateway(own),
                Nameservers(networks),
                SearchDomains(networks),
                networks,
                services,
                facts.Inputs.For(view.Name),
                mounts,
                Exports(),
                host is null ? [] : facts.PoolsOf(host.Name),
                facts.PeersOf(view.Name));
        }

        private List<SetupInterface> GuestInterfaces()
        {
            var list = new List<SetupInterface>();
            foreach (var a in view.Addresses)
            {
                var name = a.Interface ?? "eth0";
                var network = site.Networks[a.Network];
                interfaceOfNetwork.TryAdd(a.Network, name);
                list.Add(new SetupInterface(name, "ethernet", a.Mac, network?.Mtu, [], null, null, null, null, false,
                    [new SetupAddress(a.Ip, network?.Cidr.PrefixLength ?? (a.Ip.IsV6 ? 128 : 32), a.Network, null)]));
            }

            return list;
        }

        private List<SetupInterface> HostInterfaces()
        {
            if (host is null)
            {
                return [];
            }

            // Built in the cadaster's order; bridges the cadaster only names (bridge: br-x) follow.
            var order = new List<string>();
            var kinds = new Dictionary<string, (NetInterface? Nic, List<string> Members, List<SetupAddress> Addresses, int? Mtu)>(StringComparer.Ordinal);
            foreach (var nic in host.Interfaces)
            {
                if (nic.AliasOf is null && !kinds.ContainsKey(nic.Name))
                {
                    order.Add(nic.Name);
                    kinds[nic.Name] = (nic, [.. nic.BondMembers], [], null);
                }
            }

            foreach (var nic in host.Interfaces)
            {
                if (nic.Bridge is { } bridge && nic.AliasOf is null)
                {
                    if (!kinds.TryGetValue(bridge, out var b))
                    {
                        order.Add(bridge);
                        b = (null, [], [], null);
                        kinds[bridge] = b;
                    }

                    b.Members.Add(nic.Name);
                }
            }

            foreach (var a in view.Addresses)
            {
                if (a.Source == "bmc" || a.Interface is not { } name)
                {
                    continue;
                }

                string? label = null;
                if (host.Interfaces[name] is { AliasOf: { } parent })
                {
                    label = name;
                    name = parent;
                }

                if (host.Interfaces[name] is { Bridge: { } bridge })
                {
                    name = bridge;
                }

                if (!kinds.TryGetValue(name, out var carrier))
                {
                    continue; // an interface the cadaster does not have: reported when the site was bound
                }

                var network = site.Networks[a.Network];
                carrier.Addresses.Add(new SetupAddress(a.Ip, network?.Cidr.PrefixLength ?? (a.Ip.IsV6 ? 128 : 32), a.Network, label));
                interfaceOfNetwork.TryAdd(a.Network, name);
                if (network?.Mtu is { } mtu)
                {
                    Raise(kinds, name, mtu, 0);
                }
            }

            return order.Select(name =>
            {
                var (nic, members, addresses, mtu) = kinds[name];
                var kind = nic is null || members.Count > 0 && !nic.IsBond ? "bridge" : nic.IsBond ? "bond" : nic.Vlan is not null ? "vlan" : "ethernet";
                return new SetupInterface(name, kind, nic?.Mac, mtu, members, nic?.IsBond == true ? nic.BondMode : null, nic?.Vlan, nic?.Vlan is not null ? nic.Parent : null,
                    nic?.Bridge, nic?.Wireless ?? false, addresses);
            }).ToList();
        }

        /// <summary>An interface's MTU is at least its network's; the links under it (bond and bridge members, a VLAN's parent) carry it too.</summary>
        private static void Raise(Dictionary<string, (NetInterface? Nic, List<string> Members, List<SetupAddress> Addresses, int? Mtu)> kinds, string name, int mtu, int depth)
        {
            if (depth > 8 || !kinds.TryGetValue(name, out var entry) || entry.Mtu >= mtu)
            {
                return;
            }

            kinds[name] = entry with { Mtu = mtu };
            foreach (var member in entry.Members)
            {
                Raise(kinds, member, mtu, depth + 1);
            }

            if (entry.Nic is { Vlan: not null, Parent: { } parent })
            {
                Raise(kinds, parent, mtu, depth + 1);
            }
        }

        private SetupGateway? Gateway(List<ViewAddress> own)
        {
            foreach (var a in own)
            {
                if (site.Networks[a.Network]?.Gateway is { } gateway && !own.Exists(mine => mine.Ip == gateway))
                {
                    return new SetupGateway(gateway, a.Network, interfaceOfNetwork.GetValueOrDefault(a.Network));
                }
            }

            return null;
        }

        /// <summary>
        /// Adds <paramref name="item"/> unless <paramref name="list"/> holds it already.
        /// A machine has a few networks: a list scanned beats a set made per machine. (List&lt;string&gt;.Contains
        /// compares ordinally, as string equality does; no comparer, so no enumerator is made per call.)
        /// </summary>
        private static void AddOnce<T>(List<T> list, T item)
        {
            if (!list.Contains(item))
            {
                list.Add(item);
            }
        }

        private static IReadOnlyList<IpAddress> Nameservers(List<Network> networks)
        {
            List<IpAddress>? list = null;
            foreach (var n in networks)
            {
                foreach (var ip in n.Dns)
                {
                    AddOnce(list ??= [], ip);
                }
            }

            return list ?? (IReadOnlyList<IpAddress>)[];
        }

        private static IReadOnlyList<string> SearchDomains(List<Network> networks)
        {
            List<string>? list = null;
            foreach (var n in networks)
            {
                if (n.SearchDomain is { } domain)
                {
                    AddOnce(list ??= [], domain);
                }
            }

            return list ?? (IReadOnlyList<string>)[];
        }

        private List<SetupService> Services(List<ViewAddress> own)
        {
            var machineNetworks = new List<string>(own.Count);
            foreach (var a in own)
            {
                AddOnce(machineNetworks, a.Network);
            }

            // The interfaces of all the machine's networks, worked out once: most services listen on all of them.
            IReadOnlyList<string>? allInterfaces = null;
            var list = new List<SetupService>();
            foreach (var r in view.Roles)
            {
                if (site.Roles[r.Role] is not { } role)
                {
                    continue;
                }

                foreach (var s in role.Services)
                {
                    if (list.Exists(known => known.Role == role.Name && known.Name == s.Name))
                    {
                        continue; // the same role placed on the host twice runs once
                    }

                    var networks = s.Networks.Count == 0 ? machineNetworks : machineNetworks.FindAll(s.Networks.Contains);
                    var interfaces = s.Interface is { } i
                        ? [host?.Interfaces[i] is { AliasOf: { } parent } ? parent : i]
                        : s.Networks.Count == 0 ? allInterfaces ??= InterfacesOf(machineNetworks) : InterfacesOf(networks);
                    list.Add(new SetupService(r.Instance, role.Name, s.Name, s.Port, networks, interfaces, s.Clients));
                }
            }

            return list;
        }

        /// <summary>The interfaces that carry these networks, each once, in the networks' order.</summary>
        private List<string> InterfacesOf(List<string> networks)
        {
            var interfaces = new List<string>(networks.Count);
            foreach (var n in networks)
            {
                if (interfaceOfNetwork.GetValueOrDefault(n) is { } nic)
                {
                    AddOnce(interfaces, nic);
                }
            }

            return interfaces;
        }

        private List<SetupMount> Mounts()
        {
            var list = new List<SetupMount>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in view.Roles)
            {
                if (site.Roles[r.Role] is not { } role)
                {
                    continue;
                }

                foreach (var m in role.Mounts)
                {
                    if (m.Path.Length == 0 || !seen.Add(m.Path))
                    {
                        continue;
                    }

                    list.Add(facts.Resolve(view, m, r.Instance, role.Name));
                }
            }

            return list;
        }

        private List<SetupExport> Exports()
        {
            var list = new List<SetupExport>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in view.Roles)
            {
                if (site.Roles[r.Role] is not { } role)
                {
                    continue;
                }

                foreach (var m in role.Mounts)
                {
                    if (m.Export && m.Path.Length > 0 && seen.Add(m.Path))
                    {
                        var clients = facts.ExportClients(view.Name, role, m);
                        list.Add(new SetupExport(m.Path, m.Dataset, clients,
                            clients.Select(c => site.Networks[c]?.Cidr.ToString()).OfType<string>().Distinct(StringComparer.Ordinal).ToList(), r.Instance, role.Name));
                    }
                }
            }

            return list;
        }
    }
}
