using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>
/// EL4012: an instance whose machine has no address, where something needs one: its role's proxy
/// entries or metrics, or (for a VM) its network interface. One warning per instance, naming
/// everything the build leaves out because of it.
/// </summary>
public sealed class MachineWithoutAddressRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4012", "Machine without an address", Severity.Warning, "Addressing");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A guest (VM or container) is reached at its own address: { network, ip }, a host at its
        primary canon address. A machine without one can still run, but what reaches it over the
        network cannot be built: nginx has no upstream for its role's proxy entries, Prometheus has
        no target for its metrics, and a VM's libvirt domain gets no network interface. `elenta
        build` leaves those out; this warning, one per instance, says which. Give the guest an
        address (and a VM its mac), or the host a canon address; for a VM that is isolated on
        purpose, turn the rule off. (This replaced the build's EL9041, EL9080 and EL9122.)
        """;

    public override void Analyze(AnalysisContext context)
    {
        var missing = new List<string>(3);
        foreach (var p in PlacementFacts.Placed(context.Site))
        {
            var (constellation, instance, role) = (p.Constellation, p.Instance, p.Role);
            var isVm = instance.Kind == InstanceKind.Vm;
            var proxied = role.Proxy.Count > 0 && constellation.Domain is not null;
            var scraped = role.Metrics.Count > 0;
            if (!isVm && !proxied && !scraped || context.Resolved.Names.AddressOf(instance.Machine) is not null)
            {
                continue;
            }

            missing.Clear();
            if (isVm)
            {
                missing.Add("its libvirt domain gets no network interface");
            }

            if (proxied)
            {
                missing.Add("nginx does not proxy its entries");
            }

            if (scraped)
            {
                missing.Add("Prometheus does not scrape it");
            }

            var what = instance.Kind == InstanceKind.Host
                ? $"instance '{instance.Name}' (constellation '{constellation.Name}') runs on host '{instance.Host}', which has no canon address"
                : $"{Kind(instance)} '{instance.Name}' (constellation '{constellation.Name}') has no address";
            context.Report(Rule.Create(instance.Node.KeyAt(),
                $"{what}, so {Join(missing)}",
                instance.Kind == InstanceKind.Host
                    ? $"give host '{instance.Host}' a canon address: canon: {{ <network>: {{ ip: ..., interface: ... }} }}"
                    : $"give the {Kind(instance)} address: {{ network: ..., ip: ... }}" + (instance.Kind == InstanceKind.Vm ? " and a mac" : string.Empty)));
        }
    }

    private static string Kind(Instance instance) => instance.Kind == InstanceKind.Vm ? "VM" : "container";

    private static string Join(List<string> parts) =>
        parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
}
