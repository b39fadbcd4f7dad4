using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8010: a machine netboots, but none of its interfaces has a MAC, so the store has no folder for it.</summary>
public sealed class NetbootWithoutMacRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8010", "Netbooted machine without a MAC address", Severity.Warning, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        The netboot store holds one folder per MAC address (iPXE asks for its script by the MAC it
        booted from), and DHCP chains a machine to its script by MAC. A netbooted machine none of
        whose interfaces has a mac: gets no folder, no script and no DHCP boot option: `elenta
        build` leaves it out, and it will not boot. Add the MAC of the NIC it boots from. (This
        replaced the build's EL9002.)
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var host in context.Site.Cadaster.Hosts)
        {
            if (host.Boot.Mode == BootMode.Netboot && host.Interfaces.All(i => i.Mac is null))
            {
                context.Report(Rule.Create(host.Node.KeyAt(),
                    $"'{host.Name}' boots from the network, but none of its interfaces has a MAC address, so the netboot store has no folder for it",
                    "add the MAC of the NIC it boots from: interfaces: { eno1: { mac: \"aa:bb:cc:dd:ee:ff\" } }",
                    [new RelatedLocation(host.Node.Map(SiteKeys.Boot)!.At(SiteKeys.BootMode), $"'{host.Name}' netboots here")]));
            }
        }
    }
}
