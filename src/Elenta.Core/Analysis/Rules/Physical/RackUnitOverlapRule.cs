using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7001: two devices occupy the same unit of one rack.</summary>
public sealed class RackUnitOverlapRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL7001", "Two devices in one rack unit", Severity.Error, "Physical");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A device with rack: { name, unit, height } occupies units unit to unit + height - 1 of that
        rack (unit 1 is at the bottom). Hosts, switches and routers are checked together: two of
        them cannot share a unit. Usually a height was forgotten (a 2U server written as 1U) or a
        device was moved on paper and not in the rack, or the other way round.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var occupied = new Dictionary<(string Rack, int Unit), Device>();
        foreach (var device in PhysicalFacts.Devices(context.Site))
        {
            if (device.Rack is not { } pos)
            {
                continue;
            }

            Device? clash = null;
            var clashUnit = 0;
            for (var u = pos.Unit; u < pos.Unit + Math.Max(1, pos.Height) && u < pos.Unit + 1000; u++)
            {
                if (occupied.TryGetValue((pos.Rack, u), out var other))
                {
                    if (clash is null)
                    {
                        clash = other;
                        clashUnit = u;
                    }
                }
                else
                {
                    occupied[(pos.Rack, u)] = device;
                }
            }

            if (clash is not null)
            {
                var last = pos.Unit + Math.Max(1, pos.Height) - 1;
                context.Report(Rule.Create(PhysicalFacts.At(pos.Node, "unit"),
                    $"{device.Describe()} occupies units {pos.Unit}-{last} of rack '{pos.Rack}', but unit {clashUnit} already holds {clash.Describe()}",
                    "move one of the devices to free units, or correct its unit or height",
                    [new RelatedLocation(PhysicalFacts.At(clash.Rack!.Node, "unit"), $"{clash.Describe()} occupies units {clash.Rack.Unit}-{clash.Rack.Unit + Math.Max(1, clash.Rack.Height) - 1}")]));
            }
        }
    }
}
