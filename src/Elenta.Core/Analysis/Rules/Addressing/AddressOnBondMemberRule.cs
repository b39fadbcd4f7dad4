using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Addressing;

/// <summary>EL4010: a canon address put on an interface that a bond enslaves.</summary>
public sealed class AddressOnBondMemberRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL4010", "Address on a bond member", Severity.Error, "Addressing");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        "Once an interface is enslaved to a bond it carries no addresses of its own: the kernel delivers " +
        "its traffic to the bond, and an address configured on the member is ignored or lost when the bond " +
        "comes up. The address belongs on the bond interface.";

    public override void Analyze(AnalysisContext context)
    {
        foreach (var host in context.Site.Cadaster.Hosts)
        {
            if (!HasBond(host))
            {
                continue; // most hosts: nothing to be a member of
            }

            foreach (var address in host.Canon)
            {
                if (address.Interface is not { } ifaceName || host.BondOf(ifaceName) is not { } bond)
                {
                    continue;
                }

                var bondNode = (MergedMapping)host.Interfaces[bond]!.Node;
                context.Report(Rule.Create(((MergedMapping)address.Node).At("interface"),
                    $"canon address '{address.Name}' of '{host.Name}' is on '{ifaceName}', a member of bond '{bond}'",
                    $"put the address on the bond: interface: {bond}",
                    [new RelatedLocation(MemberAt(bondNode, ifaceName), $"bond '{bond}' enslaves '{ifaceName}' here")]));
            }
        }
    }

    private static bool HasBond(Model.Host host)
    {
        foreach (var iface in host.Interfaces)
        {
            if (iface.IsBond)
            {
                return true;
            }
        }

        return false;
    }

    private static Location MemberAt(MergedMapping bond, string member) =>
        bond.Items("bond").OfType<MergedScalar>().FirstOrDefault(i => i.Text == member)?.Location ?? bond.At("bond");
}
