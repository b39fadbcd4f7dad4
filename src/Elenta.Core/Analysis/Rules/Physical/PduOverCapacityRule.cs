using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7003: the devices a PDU feeds draw more than it can deliver.</summary>
public sealed class PduOverCapacityRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL7003", "PDU capacity exceeded", Severity.Error, "Physical");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Adds up the declared draw (power: { pdu, watts }) of every host, switch and router fed by a
        PDU and compares it with the PDU's capacityWatts. Over budget, a breaker trips when the
        machines are busy at the same time, which is exactly when it hurts most.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var byPdu = PhysicalFacts.Devices(context.Site).Where(d => d.Power is not null).GroupBy(d => d.Power!.Pdu, StringComparer.Ordinal);
        foreach (var group in byPdu)
        {
            if (context.Site.Cadaster.Pdus[group.Key] is not { } pdu)
            {
                continue;
            }

            var total = group.Sum(d => (long)d.Power!.Watts);
            if (total <= pdu.CapacityWatts)
            {
                continue;
            }

            context.Report(Rule.Create(pdu.Node.At("capacityWatts"),
                $"PDU '{pdu.Name}' feeds {total} W of declared draw, but delivers at most {pdu.CapacityWatts} W",
                "move a device to another PDU, or correct a declared draw",
                group.Select(d => new RelatedLocation(PhysicalFacts.At(d.Power!.Node, "watts"), $"{d.Describe()} draws {d.Power!.Watts} W"))));
        }
    }
}
