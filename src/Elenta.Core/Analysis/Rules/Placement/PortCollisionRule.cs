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

                    if (ReferenceEquals(first.Instance.Instance, p.Instance) || !reported.Add((first.Instance.Instance, p.Instance, index)))
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

    private static (string What, Location Where) Describe((PortSpec Port, object Source) port) => port.Source switch
    {
        Service s => ($"service '{s.Name}'", At(s.Node, "port")),
        _ => ($"metrics endpoint {((Metric)port.Source).Path}", At(((Metric)port.Source).Node, "port")),
    };

    private static Location At(MergedNode node, string key) => node is MergedMapping m ? m.At(key) : node.Location;
}
