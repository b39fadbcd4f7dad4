using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7013: a VM attached to a bridge its host does not create.</summary>
public sealed class VmBridgeMissingRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL7013", "VM attached to a bridge its host does not create", Severity.Error, "Physical");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A VM's network interface is plugged straight into a bridge of its host: the bridge of the
        network its address is on (networks.X.bridge, default br-X). The host creates a bridge when
        one of its interfaces names it (interfaces.NIC.bridge: the NIC becomes the bridge's port and
        the host's address on it moves to the bridge; its view and NixOS configuration say so).
        When none does, libvirt cannot start the VM ("no such device"), or the VM has no network.
        Give the host's interface on that network the bridge, or set the network's bridge to the
        one the host has. Hosts Elenta does not manage (driver: none) are not checked.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var site = context.Site;
        var reported = new HashSet<(string Host, string Bridge)>();
        foreach (var vm in site.Constellations.SelectMany(c => c.Instances))
        {
            if (vm is not { Kind: InstanceKind.Vm, Address: { } address } || site.Networks[address.Network] is not { } network
                || site.Cadaster.Hosts[vm.Host] is not { } host || host.Driver == DriverKind.None)
            {
                continue;
            }

            if (host.Interfaces.Any(i => i.Bridge == network.Bridge) || !reported.Add((host.Name, network.Bridge)))
            {
                continue;
            }

            var onNetwork = host.Canon.FirstOrDefault(c => c.Network == network.Name);
            var bridges = host.Interfaces.Where(i => i.Bridge is not null).Select(i => i.Bridge!).Distinct(StringComparer.Ordinal).ToList();
            var help = onNetwork?.Interface is { } nic
                ? $"give '{host.Name}' interface {nic} (its address on '{network.Name}') 'bridge: {network.Bridge}'"
                : $"give the interface of '{host.Name}' that is cabled to '{network.Name}' 'bridge: {network.Bridge}'";
            if (bridges.Count > 0)
            {
                help += $", or set networks.{network.Name}.bridge to the bridge '{host.Name}' has ({string.Join(", ", bridges)})";
            }

            var at = vm.Node.Child("address")?.KeyLocation ?? vm.Node.KeyLocation ?? vm.Node.Location;
            context.Report(Rule.Create(at,
                $"VM '{vm.Name}' is attached to bridge {network.Bridge} of network '{network.Name}', which its host '{host.Name}' does not create: no interface of '{host.Name}' has 'bridge: {network.Bridge}'",
                help,
                [new RelatedLocation(host.Node.KeyLocation ?? host.Node.Location, $"host '{host.Name}' is described here")]));
        }
    }
}
