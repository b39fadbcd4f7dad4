using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>EL4013: a VM has an address but no MAC, so libvirt would invent one that DHCP and DNS do not know.</summary>
public sealed class VmAddressWithoutMacRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4013", "VM with an address but no MAC", Severity.Error, "Addressing");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A VM's address reaches it through DHCP: the site's DHCP servers reserve the address for the
        VM's MAC, and DNS names that address. libvirt invents a random MAC for a NIC that has none,
        so a VM with an address but no mac: would boot with a MAC nobody reserved, get a pool
        address, and its name would point elsewhere. `elenta build` writes no domain for it; the
        check reports it first. Use a locally administered address, 02:xx:xx:xx:xx:xx.
        (This replaced the build's EL9121.)
        """;

    public override void Analyze(AnalysisContext context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var constellation in context.Site.Constellations)
        {
            foreach (var vm in constellation.Instances)
            {
                if (vm is { Kind: InstanceKind.Vm, Address: { } address, Mac: null } && seen.Add(vm.Name))
                {
                    context.Report(Rule.Create(vm.Node.KeyAt(),
                        $"VM '{vm.Name}' has an address on {address.Network} but no mac; libvirt would invent one, and DHCP and DNS would not match it",
                        "add mac: \"02:...\" (a locally administered address) to the VM",
                        [new RelatedLocation(address.Node.KeyAt(), "its address is given here")]));
                }
            }
        }
    }
}
