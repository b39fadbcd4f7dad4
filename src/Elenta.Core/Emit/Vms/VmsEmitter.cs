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

                if (Define(site, constellation, vm, view, diagnostics) is not { } definition)
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

    private static VmDefinition? Define(Site site, Constellation constellation, Instance vm, MachineView view, DiagnosticBag diagnostics)
    {
        var missing = new List<string>();
        if (view.Cpus is null)
        {
            missing.Add("cpus");
        }

        if (view.Memory is null)
        {
            missing.Add("memory");
        }

        if (view.Disk is null)
        {
            missing.Add("disk");
        }

        var ok = true;
        if (missing.Count > 0)
        {
            diagnostics.Add(VmMessages.MissingResources.Create(vm.Node.KeyAt(),
                $"VM '{vm.Name}' has no {string.Join(", ", missing)}: neither the VM nor its role '{vm.Role}' sets them",
                $"add resources: {{ {string.Join(", ", missing.Select(m => m + ": ..."))} }} to the VM or to role '{vm.Role}'"));
            ok = false;
        }

        VmNic? nic = null;
        if (vm.Address is { } address)
        {
            if (vm.Mac is { } mac)
            {
                nic = site.Networks[address.Network] is { } network ? new VmNic(network.Bridge, mac.ToString()) : null;
            }
            else
            {
                diagnostics.Add(VmMessages.MissingMac.Create(vm.Node.KeyAt(),
                    $"VM '{vm.Name}' has an address on {address.Network} but no mac; libvirt would invent one, and DHCP and DNS would not match it",
                    "add mac: \"02:...\" (a locally administered address) to the VM"));
                ok = false;
            }
        }
        else
        {
            diagnostics.Add(VmMessages.NoNetwork.Create(vm.Node.KeyAt(),
                $"VM '{vm.Name}' has no address, so its domain gets no network interface",
                "add address: { network: ..., ip: ... } and mac to the VM"));
        }

        if (!ok)
        {
            return null;
        }

        var arch = site.Cadaster.Hosts[vm.Host]?.Hardware.Arch ?? "x86_64";
        var description = $"{vm.Role} in constellation {constellation.Name}; defined by elenta from site {site.Settings.Name}";
        return new VmDefinition(vm.Name, vm.Host, NameBasedUuid.ForVm(site.Settings.Name, vm.Name), description,
            view.Memory!.Value.Bytes, view.Cpus!.Value, arch, VmStorage.For(site, vm.Host, vm.Name), nic);
    }
}
