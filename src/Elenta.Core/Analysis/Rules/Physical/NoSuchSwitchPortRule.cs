using System.Globalization;
using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7005: a link names a port number the switch does not have.</summary>
public sealed class NoSuchSwitchPortRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL7005", "Link to a port the switch does not have", Severity.Error, "Physical");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A link: "switch:port" must name a port the switch has: a number from 1 to the switch's
        ports. Port 25 of a 24-port switch, port 0, or a port written as a name instead of a number
        is a link that cannot be cabled.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var host in context.Site.Cadaster.Hosts)
        {
            foreach (var iface in host.Interfaces)
            {
                if (iface.Link is not { } link || context.Site.Cadaster.Switches[link.Switch] is not { } sw)
                {
                    continue;
                }

                var isNumber = int.TryParse(link.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var port);
                if (isNumber && port >= 1 && port <= sw.Ports)
                {
                    continue;
                }

                var problem = isNumber ? $"switch '{sw.Name}' has ports 1-{sw.Ports}" : "a port is a number";
                context.Report(Rule.Create(link.Node.Location,
                    $"{host.Name}:{iface.Name} is linked to port '{link.Port}' of switch '{sw.Name}', which does not exist: {problem}",
                    $"write the port number the cable is plugged into, {sw.Name}:1 to {sw.Name}:{sw.Ports}",
                    [new RelatedLocation(sw.Node.At("ports"), $"switch '{sw.Name}' has {sw.Ports} ports")]));
            }
        }
    }
}
