using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
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
        var claims = new Dictionary<(string Machine, Protocol Protocol, int Port), (PlacedInstance Instance, string What, Location Where)>();
        var reported = new HashSet<(string, string)>();
        foreach (var p in PlacementFacts.DistinctRunning(PlacementFacts.Placed(context.Site)))
        {
            foreach (var (port, what, where) in Ports(p))
            {
                for (var n = port.From; n <= port.To; n++)
                {
                    var key = (p.MachineKey, port.Protocol, n);
                    if (!claims.TryGetValue(key, out var first))
                    {
                        claims[key] = (p, what, where);
                        continue;
                    }

                    if (ReferenceEquals(first.Instance.Instance, p.Instance) || !reported.Add((first.Instance.Name + "/" + first.Instance.Constellation.Name, p.Name + "/" + p.Constellation.Name + "/" + what)))
                    {
                        continue;
                    }

                    var proto = port.Protocol == Protocol.Tcp ? "tcp" : "udp";
                    context.Report(Rule.Create(p.KeyLocation,
                        $"{p.Describe()} listens on {proto}/{n} ({what}) on machine '{p.Machine}', where {first.Instance.Describe()} already listens on it ({first.What})",
                        "move one of the instances to another machine (or give a container an address of its own), or change one role's port",
                        [
                            new RelatedLocation(first.Instance.KeyLocation, $"{first.Instance.Describe()} is placed here"),
                            new RelatedLocation(first.Where, $"{first.What} of role '{first.Instance.Role.Name}' opens {proto}/{n} here"),
                            new RelatedLocation(where, $"{what} of role '{p.Role.Name}' opens {proto}/{n} here"),
                        ]));
                }
            }
        }
    }

    private static IEnumerable<(PortSpec Port, string What, Location Where)> Ports(PlacedInstance p)
    {
        foreach (var service in p.Role.Services)
        {
            if (service.Port.From > 0)
            {
                yield return (service.Port, $"service '{service.Name}'", At(service.Node, "port"));
            }
        }

        foreach (var metric in p.Role.Metrics)
        {
            if (metric.Port.From > 0)
            {
                yield return (metric.Port, $"metrics endpoint {metric.Path}", At(metric.Node, "port"));
            }
        }
    }

    private static Location At(MergedNode node, string key) => node is MergedMapping m ? m.At(key) : node.Location;
}
