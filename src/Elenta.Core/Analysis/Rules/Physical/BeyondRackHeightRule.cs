using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7002: a device sits above the top (or below the bottom) of its rack.</summary>
public sealed class BeyondRackHeightRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL7002", "Device beyond the rack's height", Severity.Error, "Physical");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A rack has a height in units (42 by default); a device at unit U with height H occupies
        units U to U + H - 1, which must all lie between 1 and the rack's height. A device sticking
        out of the top is usually a typo in the unit, or a rack whose height was written wrong.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var device in PhysicalFacts.Devices(context.Site))
        {
            if (device.Rack is not { } pos || context.Site.Cadaster.Racks[pos.Rack] is not { } rack)
            {
                continue;
            }

            var last = pos.Unit + Math.Max(1, pos.Height) - 1;
            if (pos.Unit >= 1 && last <= rack.Height)
            {
                continue;
            }

            context.Report(Rule.Create(PhysicalFacts.At(pos.Node, "unit"),
                $"{device.Describe()} occupies units {pos.Unit}-{last} of rack '{rack.Name}', which has units 1-{rack.Height}",
                "correct the device's unit or height, or the rack's height",
                [new RelatedLocation(rack.Node.At("height"), $"rack '{rack.Name}' is {rack.Height} units high")]));
        }
    }
}
