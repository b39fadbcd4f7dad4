using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Vms;

/// <summary>
/// libvirt definitions: <c>vms/&lt;host&gt;/&lt;vm&gt;.xml</c> per VM and
/// <c>vms/&lt;host&gt;/networks/&lt;network&gt;.xml</c> per bridged network the host's VMs use.
/// They are installed under /var/lib/elenta/vms on the host and loaded with <c>virsh define</c> and
/// <c>virsh net-define</c>; libvirt's own /etc/libvirt/qemu is left to libvirt.
/// </summary>
public sealed class VmsEmitter : IArtifactEmitter
{
    public const string TargetDirectory = "/var/lib/elenta/vms";

    public string Family => "vms";

    public string Description => "libvirt domain XML per VM and network XML per bridged network";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var resolved = context.Resolved;
        var site = resolved.Site;
        var domains = new List<VmDefinition>();
        var networksByHost = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
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
                if (vm.Address is { } address)
                {
                    if (!networksByHost.TryGetValue(vm.Host, out var set))
                    {
                        set = new SortedSet<string>(StringComparer.Ordinal);
                        networksByHost[vm.Host] = set;
                    }

                    set.Add(address.Network);
                }
            }
        }

        // Rendering is pure and per VM: in parallel, in the order the VMs were defined.
        var artifacts = SideBySide.Map(domains,
            vm => new Artifact($"vms/{vm.Host}/{vm.Name}.xml", Family,
                Delivery.To(vm.Host, $"{TargetDirectory}/{vm.Name}.xml", "0644", $"virsh define {TargetDirectory}/{vm.Name}.xml"), DomainXml.Render(vm))).ToList();
        foreach (var (host, networks) in networksByHost)
        {
            foreach (var name in networks)
            {
                if (site.Networks[name] is { } network)
                {
                    var xml = NetworkXml.Render(network.Name, NameBasedUuid.ForNetwork(site.Settings.Name, network.Name), network.Bridge);
                    var target = $"{TargetDirectory}/networks/{network.Name}.xml";
                    artifacts.Add(new Artifact($"vms/{host}/networks/{network.Name}.xml", Family, Delivery.To(host, target, "0644", $"virsh net-define {target}"), xml));
                }
            }
        }

        return artifacts;
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
