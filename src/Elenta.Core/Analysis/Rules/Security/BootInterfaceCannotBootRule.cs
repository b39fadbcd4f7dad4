using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8041: <c>boot.interfaces</c> names an interface that cannot netboot.</summary>
public sealed class BootInterfaceCannotBootRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8041", "Boot interface that cannot netboot", Severity.Error, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        boot.interfaces lists the NICs of a netbooted host that may boot. Each gets a DHCP
        reservation, the PXE/iPXE boot options and a script in the netboot store; PXE firmware asks
        with the NIC's own MAC, before any bond or bridge exists. So each listed interface must be
        one of the host's interfaces, have a mac: of its own, and reach one of the host's canon
        addresses (carry it, or be a member of the bond that carries it, or of the bridge of its
        network): that address is what DHCP reserves for it while it boots. A listed interface that
        does not would not boot. Without boot.interfaces, every NIC that qualifies may boot.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var host in context.Site.Cadaster.Hosts)
        {
            if (host.Boot is not { Mode: BootMode.Netboot, Interfaces: { } listed } || listed.Count == 0
                || host.Node.Map(SiteKeys.Boot)?[SiteKeys.BootInterfaces] is not MergedSequence items)
            {
                continue;
            }

            foreach (var item in items.Items.OfType<MergedScalar>())
            {
                if (item.Parsed is not string name || BootNics.ProblemOf(context.Site, host, name) is not { } problem)
                {
                    continue;
                }

                var (what, fix) = problem switch
                {
                    BootNicProblem.NoSuchInterface => ($"'{host.Name}' has no interface '{name}'",
                        $"name one of its interfaces ({string.Join(", ", host.Interfaces.Select(i => i.Name))}), or add '{name}' under interfaces"),
                    BootNicProblem.NoMac => ($"interface '{name}' of '{host.Name}' has no MAC of its own, and PXE firmware boots by MAC",
                        $"give '{name}' its mac:, or list the physical NICs it is made of"),
                    _ => ($"interface '{name}' of '{host.Name}' reaches none of its canon addresses, so DHCP has no address to reserve for it while it boots",
                        $"give '{host.Name}' a canon address on '{name}' (or on the bond or bridge '{name}' belongs to), or remove '{name}' from boot.interfaces"),
                };
                context.Report(Rule.Create(item.Location, $"{what}: it is listed in boot.interfaces but cannot netboot", fix,
                    [new RelatedLocation(host.Node.Map(SiteKeys.Boot)!.At(SiteKeys.BootMode), $"'{host.Name}' netboots here")]));
            }
        }
    }
}
