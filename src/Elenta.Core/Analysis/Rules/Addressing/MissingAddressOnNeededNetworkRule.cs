using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>EL4011: a role placed on a machine that has no address on a network the role needs.</summary>
public sealed class MissingAddressOnNeededNetworkRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4011", "Machine has no address on a network its roles need", Severity.Error, "Addressing");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "A role can say which networks a machine running it must be on: 'needs: [network]', or a service " +
        "with 'networks: [...]' that listens there. A role placed on a host needs a canon address of that " +
        "host on each such network; a role placed as a VM or container needs the guest's own address " +
        "there. Without one the service has nowhere to listen and its clients cannot reach it.";

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        var requirements = site.Roles.ToDictionary(r => r.Name, r => Requirements(r).ToList(), StringComparer.Ordinal);
        foreach (var constellation in site.Constellations)
        {
            foreach (var instance in constellation.Instances)
            {
                if (site.Roles[instance.Role] is not { } role || requirements[role.Name].Count == 0)
                {
                    continue; // most roles need no particular network: nothing to look up
                }

                var networks = NetworksOf(site, instance);
                var reported = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (network, why, where) in requirements[role.Name])
                {
                    if (networks.Contains(network) || !reported.Add(network))
                    {
                        continue;
                    }

                    var machine = instance.Kind == InstanceKind.Host ? $"host '{instance.Host}'" : $"{(instance.Kind == InstanceKind.Vm ? "VM" : "container")} '{instance.Name}'";
                    var help = instance.Kind == InstanceKind.Host
                        ? $"give '{instance.Host}' a canon address on '{network}' (cadaster.compute.{instance.Host}.canon), or place the role on a machine that has one"
                        : $"give '{instance.Name}' an address on '{network}' (address: {{ network: {network}, ip: ... }}), or place it elsewhere";
                    context.Report(Rule.Create(instance.Node.At("role"),
                        $"instance '{instance.Name}' (role '{role.Name}') is on {machine}, which has no address on network '{network}' that {why}",
                        help,
                        [new RelatedLocation(where, $"role '{role.Name}' {why}")]));
                }
            }
        }
    }

    /// <summary>The networks the machine running an instance has addresses on.</summary>
    private static HashSet<string> NetworksOf(Site site, Instance instance)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (instance.Kind == InstanceKind.Host)
        {
            foreach (var address in site.Cadaster.Hosts[instance.Host]?.Canon ?? NamedMap<CanonAddress>.Empty)
            {
                set.Add(address.Network);
            }
        }
        else if (instance.Address is { } a)
        {
            set.Add(a.Network);
        }

        return set;
    }

    /// <summary>The networks a role needs, from the model; the tree only says where each was written.</summary>
    private static IEnumerable<(string Network, string Why, Location Where)> Requirements(Role role)
    {
        foreach (var network in role.Needs)
        {
            yield return (network, "the role needs", ItemAt(role.Node, "needs", network));
        }

        foreach (var service in role.Services)
        {
            foreach (var network in service.Networks)
            {
                yield return (network, $"its service '{service.Name}' listens on", ItemAt((MergedMapping)service.Node, "networks", network));
            }
        }
    }

    private static Location ItemAt(MergedMapping node, string list, string value) =>
        node.Items(list).OfType<MergedScalar>().FirstOrDefault(i => i.Text == value)?.Location ?? node.At(list);
}
