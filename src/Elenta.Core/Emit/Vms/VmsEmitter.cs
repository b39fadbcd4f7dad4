using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Vms;

/// <summary>
/// libvirt definitions: <c>vms/&lt;host&gt;/&lt;vm&gt;.xml</c> per VM, installed under
/// /var/lib/elenta/vms on the host and loaded with <c>virsh define</c>; libvirt's own
/// /etc/libvirt/qemu is left to libvirt. A domain's interface attaches straight to the host's
/// bridge (<c>&lt;interface type='bridge'&gt;</c>), which the host's own configuration creates, so
/// no libvirt network is defined: one would sit unused beside the bridge it names.
/// </summary>
public sealed class VmsEmitter : IArtifactEmitter
{
    public const string TargetDirectory = "/var/lib/elenta/vms";

    public string Family => "vms";

    public string Description => "libvirt domain XML per VM, attached straight to the host's bridges";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var resolved = context.Resolved;
        var site = resolved.Site;
        var domains = new List<VmDefinition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var constellation in site.Constellations)
        {
            foreach (var vm in constellation.Instances.Where(i => i.Kind == InstanceKind.Vm))
            {
                if (!seen.Add(vm.Name) || resolved.Machines[vm.Name] is not { } view)
                {
                    continue;
                }

                if (Define(site, constellation, vm, view) is not { } definition)
                {
                    continue;
                }

                domains.Add(definition);
            }
        }

        // Rendering is pure and per VM: in parallel, in the order the VMs were defined.
        return SideBySide.Map(domains,
            vm => new Artifact($"vms/{vm.Host}/{vm.Name}.xml", Family,
                Delivery.To(vm.Host, $"{TargetDirectory}/{vm.Name}.xml", "0644", $"virsh define {TargetDirectory}/{vm.Name}.xml"), DomainXml.Render(vm))).ToList();
    }

    /// <summary>
    /// The VM's definition. The check guarantees its resources (EL6008) and a MAC for its address
    /// (EL4013); a VM without an address gets no interface (EL4012 warns). A VM the check would
    /// refuse, with its rule turned off, gets no definition.
    /// </summary>
    private static VmDefinition? Define(Site site, Constellation constellation, Instance vm, MachineView view)
    {
        if (view.Cpus is null || view.Memory is null || view.Disk is null || vm is { Address: not null, Mac: null })
        {
            return null;
        }

        VmNic? nic = null;
        if (vm is { Address: { } address, Mac: { } mac })
        {
            nic = site.Networks[address.Network] is { } network ? new VmNic(network.Bridge, mac.ToString()) : null;
        }

        var arch = site.Cadaster.Hosts[vm.Host]?.Hardware.Arch ?? "x86_64";
        var description = $"{vm.Role} in constellation {constellation.Name}; defined by elenta from site {site.Settings.Name}";
        return new VmDefinition(vm.Name, vm.Host, NameBasedUuid.ForVm(site.Settings.Name, vm.Name), description,
            view.Memory!.Value.Bytes, view.Cpus!.Value, arch, VmStorage.For(site, vm.Host, vm.Name), nic);
    }
}
