using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Placement;

/// <summary>EL6008: a VM whose cpus, memory or disk neither the VM nor its role sets.</summary>
public sealed class VmWithoutResourcesRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL6008", "VM without cpus, memory or disk", Severity.Error, "Placement");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A VM's libvirt domain says how many vCPUs it has, how much memory and how large its disk
        is. The VM's own resources: win over its role's; when neither sets one of the three, the
        domain cannot be written. Set it on the VM or on its role. (This replaced the build's EL9120.)
        """;

    public override void Analyze(AnalysisContext context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>(3);
        foreach (var constellation in context.Site.Constellations)
        {
            foreach (var vm in constellation.Instances)
            {
                if (vm.Kind != InstanceKind.Vm || !seen.Add(vm.Name) || context.Resolved.Machines[vm.Name] is not { } view)
                {
                    continue;
                }

                missing.Clear();
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

                if (missing.Count > 0)
                {
                    context.Report(Rule.Create(vm.Node.KeyAt(),
                        $"VM '{vm.Name}' has no {string.Join(", ", missing)}: neither the VM nor its role '{vm.Role}' sets them",
                        $"add resources: {{ {string.Join(", ", missing.Select(m => m + ": ..."))} }} to the VM or to role '{vm.Role}'"));
                }
            }
        }
    }
}
