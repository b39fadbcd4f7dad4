using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Report.Graphs;

/// <summary>
/// The DOT text of one layer of a resolved site. Everything is taken in the site's definition
/// order, so the same site gives the same bytes. <c>only</c> keeps some groups: racks for the
/// physical layer, networks for the network layer, constellations for the constellation layer
/// (what a large site is split by to stay readable).
/// </summary>
public static class SiteGraph
{
    /// <summary>The names <c>--only</c> accepts for a layer: its groups.</summary>
    public static IReadOnlyList<string> Groups(ResolvedSite resolved, GraphLayer layer) => layer switch
    {
        GraphLayer.Physical => [.. resolved.Site.Cadaster.Racks.Names],
        GraphLayer.Network => [.. resolved.Site.Networks.Names],
        _ => [.. resolved.Site.Constellations.Names],
    };

    public static string Dot(ResolvedSite resolved, GraphLayer layer, IReadOnlySet<string>? only = null) => layer switch
    {
        GraphLayer.Physical => Physical(resolved.Site, only),
        GraphLayer.Network => Network(resolved, only),
        _ => ConstellationGraph(resolved.Site, only),
    };

    private static DotWriter Start(Site site, string layer, string rankdir) =>
        new DotWriter($"{site.Settings.Name} {layer}")
            .Attributes("graph", ("rankdir", rankdir), ("fontname", "DejaVu Sans"), ("label", $"{site.Settings.Name}: {layer}"), ("labelloc", "t"))
            .Attributes("node", ("fontname", "DejaVu Sans"), ("fontsize", "10"))
            .Attributes("edge", ("fontname", "DejaVu Sans"), ("fontsize", "8"));

    private static string Id(string kind, string name) => kind + ":" + name;

    private static string Unit(RackPosition? rack) =>
        rack is null ? string.Empty : rack.Height > 1 ? $"\nU{rack.Unit}-{rack.Unit + rack.Height - 1}" : $"\nU{rack.Unit}";

    private static string Physical(Site site, IReadOnlySet<string>? only)
    {
        var c = site.Cadaster;
        var dot = Start(site, "physical", "LR");
        bool Kept(RackPosition? rack) => only is null || (rack is not null && only.Contains(rack.Rack));
        var hosts = c.Hosts.Where(h => Kept(h.Rack)).ToList();
        var switches = c.Switches.Where(s => Kept(s.Rack)).ToList();
        var routers = c.Routers.Where(r => Kept(r.Rack)).ToList();
        var pdus = c.Pdus.Where(p => only is null || (p.Rack is not null && only.Contains(p.Rack))).ToList();
        var drawn = new HashSet<string>(StringComparer.Ordinal);

        void HostNode(Host h) => dot.Node(Id("host", h.Name), ("label", h.Name + Unit(h.Rack)), ("shape", "box"));
        // A switch is a record with one field per port in use, so each cable ends at its port.
        var portsUsed = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var nic in c.Hosts.SelectMany(h => h.Interfaces).Where(i => i.Link is not null))
        {
            if (!portsUsed.TryGetValue(nic.Link!.Switch, out var set))
            {
                portsUsed[nic.Link.Switch] = set = new SortedSet<string>(PortOrder.Instance);
            }

            set.Add(nic.Link.Port);
        }

        void SwitchNode(Switch s)
        {
            var ports = portsUsed.GetValueOrDefault(s.Name) ?? [];
            var fields = string.Join("|", ports.Select(p => $"<{DotWriter.FieldName(p)}> {DotWriter.RecordText(p)}"));
            var name = DotWriter.RecordText($"{s.Name}\nswitch, {s.Ports} ports{Unit(s.Rack)}");
            dot.Node(Id("switch", s.Name), ("label", ports.Count == 0 ? name : $"{{{{{fields}}}|{name}}}"), ("shape", "record"));
        }

        void RouterNode(Router r) => dot.Node(Id("router", r.Name), ("label", $"{r.Name}\nrouter{Unit(r.Rack)}"), ("shape", "octagon"));
        void PduNode(Pdu p) => dot.Node(Id("pdu", p.Name), ("label", $"{p.Name}\nPDU {p.CapacityWatts} W"), ("shape", "cylinder"));

        foreach (var rack in c.Racks.Where(r => only is null || only.Contains(r.Name)))
        {
            dot.BeginCluster("rack:" + rack.Name, $"rack {rack.Name} ({rack.Height}U{(rack.Location is null ? string.Empty : ", " + rack.Location)})");
            foreach (var h in hosts.Where(h => h.Rack?.Rack == rack.Name))
            {
                HostNode(h);
                drawn.Add(Id("host", h.Name));
            }

            foreach (var s in switches.Where(s => s.Rack?.Rack == rack.Name))
            {
                SwitchNode(s);
                drawn.Add(Id("switch", s.Name));
            }

            foreach (var r in routers.Where(r => r.Rack?.Rack == rack.Name))
            {
                RouterNode(r);
                drawn.Add(Id("router", r.Name));
            }

            foreach (var p in pdus.Where(p => p.Rack == rack.Name))
            {
                PduNode(p);
                drawn.Add(Id("pdu", p.Name));
            }

            dot.End();
        }

        // What has no rack (or a rack the cadaster does not list) is drawn outside the clusters.
        foreach (var h in hosts.Where(h => !drawn.Contains(Id("host", h.Name))))
        {
            HostNode(h);
        }

        foreach (var s in switches.Where(s => !drawn.Contains(Id("switch", s.Name))))
        {
            SwitchNode(s);
        }

        foreach (var r in routers.Where(r => !drawn.Contains(Id("router", r.Name))))
        {
            RouterNode(r);
        }

        foreach (var p in pdus.Where(p => !drawn.Contains(Id("pdu", p.Name))))
        {
            PduNode(p);
        }

        var keptSwitches = switches.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var h in hosts)
        {
            var bondOf = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var bond in h.Interfaces.Where(i => i.IsBond))
            {
                foreach (var member in bond.BondMembers)
                {
                    bondOf[member] = bond.Name;
                }
            }

            foreach (var nic in h.Interfaces.Where(i => i.Link is not null))
            {
                var link = nic.Link!;
                if (!keptSwitches.Contains(link.Switch))
                {
                    if (only is not null)
                    {
                        continue;
                    }

                    // A link to a switch the cadaster does not list (analysis reports it): drawn all the same.
                    dot.Node(Id("switch", link.Switch), ("label", link.Switch + "\n(not in the cadaster)"), ("shape", "box3d"), ("style", "dashed"));
                    keptSwitches.Add(link.Switch);
                }

                var label = bondOf.TryGetValue(nic.Name, out var bond) ? $"{nic.Name} ({bond})" : nic.Name;
                if (portsUsed.ContainsKey(link.Switch) && c.Switches.Contains(link.Switch))
                {
                    dot.EdgeToPort(Id("host", h.Name), Id("switch", link.Switch), DotWriter.FieldName(link.Port), ("taillabel", label), ("arrowhead", "none"));
                }
                else
                {
                    dot.Edge(Id("host", h.Name), Id("switch", link.Switch), ("taillabel", label), ("headlabel", "port " + link.Port), ("arrowhead", "none"));
                }
            }
        }

        var keptPdus = pdus.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        void Feed(string kind, string name, PowerDraw? power)
        {
            if (power is not null && keptPdus.Contains(power.Pdu))
            {
                dot.Edge(Id("pdu", power.Pdu), Id(kind, name), ("label", $"{power.Watts} W"), ("style", "dashed"), ("arrowhead", "none"));
            }
        }

        foreach (var h in hosts)
        {
            Feed("host", h.Name, h.Power);
        }

        foreach (var s in switches)
        {
            Feed("switch", s.Name, s.Power);
        }

        foreach (var r in routers)
        {
            Feed("router", r.Name, r.Power);
        }

        return dot.ToString();
    }

    /// <summary>Ports in number order when they are numbers ("2" before "10"), else by name.</summary>
    private sealed class PortOrder : IComparer<string>
    {
        public static readonly PortOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var nx = int.TryParse(x, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var a);
            var ny = int.TryParse(y, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var b);
            return nx && ny ? a.CompareTo(b) : nx != ny ? (nx ? -1 : 1) : string.CompareOrdinal(x, y);
        }
    }

    private static string Network(ResolvedSite resolved, IReadOnlySet<string>? only)
    {
        var site = resolved.Site;
        var dot = Start(site, "network", "LR").Attributes("graph", ("compound", "true"));
        var networks = site.Networks.Where(n => only is null || only.Contains(n.Name)).ToList();
        var byNetwork = new Dictionary<string, List<(string Machine, string Ip)>>(StringComparer.Ordinal);
        foreach (var machine in resolved.Machines)
        {
            foreach (var a in machine.Addresses)
            {
                if (!byNetwork.TryGetValue(a.Network, out var list))
                {
                    byNetwork[a.Network] = list = [];
                }

                list.Add((machine.Name, a.Ip.ToString()));
            }
        }

        foreach (var s in site.Cadaster.Switches.Where(s => s.Management is not null))
        {
            if (byNetwork.TryGetValue(s.Management!.Network, out var list))
            {
                list.Add((s.Name + " (switch)", s.Management.Ip.ToString()));
            }
        }

        foreach (var n in networks)
        {
            var vlan = n.Vlan is { } v ? $", VLAN {v}" : string.Empty;
            dot.BeginCluster("net:" + n.Name, $"network {n.Name}: {n.Cidr}{vlan}");
            var facts = n.Gateway is { } gw ? $"\ngateway {gw}" : string.Empty;
            dot.Node(Id("net", n.Name), ("label", $"{n.Name}\n{n.Cidr}{facts}"), ("shape", "note"));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (machine, ip) in byNetwork.GetValueOrDefault(n.Name) ?? [])
            {
                // A machine with two addresses on one network is one node listing both.
                if (seen.Add(machine))
                {
                    var ips = string.Join("\n", byNetwork[n.Name].Where(x => x.Machine == machine).Select(x => x.Ip));
                    dot.Node(Id("addr", n.Name + ":" + machine), ("label", $"{machine}\n{ips}"), ("shape", "box"));
                    dot.Edge(Id("net", n.Name), Id("addr", n.Name + ":" + machine), ("arrowhead", "none"));
                }
            }

            dot.End();
        }

        var kept = networks.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var r in site.Cadaster.Routers.Where(r => r.Networks.Any(kept.Contains)))
        {
            dot.Node(Id("router", r.Name), ("label", $"{r.Name}\nrouter"), ("shape", "octagon"));
            foreach (var n in r.Networks.Where(kept.Contains))
            {
                dot.Edge(Id("router", r.Name), Id("net", n), ("arrowhead", "none"), ("style", "bold"));
            }
        }

        foreach (var fw in site.Cadaster.Firewalls)
        {
            var zoneNets = fw.Zones.ToDictionary(z => z.Name, z => z.Networks.Where(kept.Contains).ToList(), StringComparer.Ordinal);
            if (zoneNets.Values.All(l => l.Count == 0))
            {
                continue;
            }

            var policy = fw.DefaultAllow ? "allow" : "deny";
            dot.Node(Id("fw", fw.Name), ("label", $"firewall {fw.Name}\non {fw.Host}\ndefault {policy}"), ("shape", "hexagon"));
            foreach (var zone in fw.Zones)
            {
                foreach (var n in zoneNets[zone.Name])
                {
                    dot.Edge(Id("fw", fw.Name), Id("net", n), ("label", "zone " + zone.Name), ("arrowhead", "none"), ("style", "bold"));
                }
            }

            foreach (var rule in fw.Rules)
            {
                var allow = rule.Allow.Count > 0 ? "allow " + string.Join(" ", rule.Allow) : string.Empty;
                var deny = rule.Deny.Count > 0 ? "deny " + string.Join(" ", rule.Deny) : string.Empty;
                var label = $"{rule.From} → {rule.To}: {string.Join("; ", new[] { allow, deny }.Where(s => s.Length > 0))}";
                foreach (var from in zoneNets.GetValueOrDefault(rule.From) ?? [])
                {
                    foreach (var to in zoneNets.GetValueOrDefault(rule.To) ?? [])
                    {
                        dot.Edge(Id("net", from), Id("net", to), ("label", label), ("style", rule.Allow.Count > 0 ? "solid" : "dotted"), ("constraint", "false"));
                    }
                }
            }
        }

        return dot.ToString();
    }

    private static string ConstellationGraph(Site site, IReadOnlySet<string>? only)
    {
        var dot = Start(site, "constellations", "LR");
        var constellations = site.Constellations.Where(c => only is null || only.Contains(c.Name)).ToList();
        var hosts = new List<string>();
        var hostSeen = new HashSet<string>(StringComparer.Ordinal);
        var edges = new List<(string From, string To, (string, string)[] Attributes)>();
        foreach (var c in constellations)
        {
            dot.BeginCluster("c:" + c.Name, $"constellation {c.Name}{(c.Domain is null ? string.Empty : " (" + c.Domain + ")")}");
            var roles = c.Instances.Select(i => i.Role).Distinct(StringComparer.Ordinal).ToList();
            foreach (var role in roles)
            {
                dot.Node(Id("role", c.Name + ":" + role), ("label", "role " + role), ("shape", "component"));
            }

            foreach (var i in c.Instances)
            {
                var kind = i.Kind switch { InstanceKind.Vm => "VM", InstanceKind.Container => "container", _ => "on the host" };
                var id = Id("instance", c.Name + ":" + i.Name);
                dot.Node(id, ("label", $"{i.Name}\n{kind}"), ("shape", i.Kind == InstanceKind.Host ? "ellipse" : "box"), ("style", "rounded"));
                edges.Add((Id("role", c.Name + ":" + i.Role), id, []));
                edges.Add((id, Id("host", i.Host), [("label", i.Kind == InstanceKind.Host ? "hostConfig" : i.Kind == InstanceKind.Vm ? "vms" : "containers")]));
                if (hostSeen.Add(i.Host))
                {
                    hosts.Add(i.Host);
                }
            }

            foreach (var role in roles)
            {
                if (site.Roles[role] is not { } r)
                {
                    continue;
                }

                foreach (var need in r.Requires.Select(q => q.Role).Distinct(StringComparer.Ordinal))
                {
                    if (roles.Contains(need, StringComparer.Ordinal))
                    {
                        edges.Add((Id("role", c.Name + ":" + role), Id("role", c.Name + ":" + need), [("label", "requires"), ("style", "dashed")]));
                    }
                }
            }

            dot.End();
        }

        foreach (var h in hosts)
        {
            dot.Node(Id("host", h), ("label", h + "\nhost"), ("shape", "box3d"));
        }

        foreach (var (from, to, attributes) in edges)
        {
            dot.Edge(from, to, attributes);
        }

        return dot.ToString();
    }
}
