using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Facts;

/// <summary>A physical device of the cadaster: a host, a switch or a router.</summary>
internal sealed record Device(string Kind, string Name, MergedMapping Node, RackPosition? Rack, PowerDraw? Power)
{
    public string Describe() => $"{Kind} '{Name}'";
}

/// <summary>What the physical rules share: every device that sits in a rack or draws power.</summary>
internal static class PhysicalFacts
{
    public static IEnumerable<Device> Devices(Site site)
    {
        foreach (var h in site.Cadaster.Hosts)
        {
            yield return new Device("host", h.Name, h.Node, h.Rack, h.Power);
        }

        foreach (var s in site.Cadaster.Switches)
        {
            yield return new Device("switch", s.Name, s.Node, s.Rack, s.Power);
        }

        foreach (var r in site.Cadaster.Routers)
        {
            yield return new Device("router", r.Name, r.Node, r.Rack, r.Power);
        }
    }

    public static Location At(MergedNode node, string key) => node is MergedMapping m ? m.At(key) : node.Location;

    /// <summary>The physical interfaces carrying an interface's traffic: an alias's parent, a VLAN's parent, a bond's members.</summary>
    public static IEnumerable<NetInterface> Physical(Host host, NetInterface iface, int depth = 0)
    {
        if (depth > 8)
        {
            yield break; // a cycle of aliases or parents; the reference check has its own say
        }

        var next = iface.AliasOf ?? iface.Parent;
        if (next is not null)
        {
            if (host.Interfaces[next] is { } parent)
            {
                foreach (var p in Physical(host, parent, depth + 1))
                {
                    yield return p;
                }
            }

            yield break;
        }

        if (iface.IsBond)
        {
            foreach (var member in iface.BondMembers)
            {
                if (host.Interfaces[member] is { } m)
                {
                    foreach (var p in Physical(host, m, depth + 1))
                    {
                        yield return p;
                    }
                }
            }

            yield break;
        }

        yield return iface;
    }
}
