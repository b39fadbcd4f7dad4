using Elenta.Core.Diagnostics;
using Elenta.Core.Model;

namespace Elenta.Core.Analysis.Rules.Physical;

/// <summary>EL7004: two interfaces are cabled to one switch port.</summary>
public sealed class SwitchPortClaimedTwiceRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL7004", "One switch port cabled twice", Severity.Error, "Physical");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        An interface's link: "switch:port" says where its cable goes. A switch port takes one
        cable, so two interfaces (of one host or of two) linked to the same port means one of the
        links is wrong: the cable is elsewhere, or the port number was copied from a neighbour.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var claims = new Dictionary<(string Switch, string Port), (Host Host, NetInterface Interface)>();
        foreach (var host in context.Site.Cadaster.Hosts)
        {
            foreach (var iface in host.Interfaces)
            {
                if (iface.Link is not { } link || !context.Site.Cadaster.Switches.Contains(link.Switch))
                {
                    continue;
                }

                var key = (link.Switch, NormalisePort(link.Port));
                if (!claims.TryGetValue(key, out var first))
                {
                    claims[key] = (host, iface);
                    continue;
                }

                context.Report(Rule.Create(link.Node.Location,
                    $"port {link.Port} of switch '{link.Switch}' is cabled to {host.Name}:{iface.Name}, but also to {first.Host.Name}:{first.Interface.Name}",
                    "a port takes one cable: correct the port number of one of the links",
                    [new RelatedLocation(first.Interface.Link!.Node.Location, $"{first.Host.Name}:{first.Interface.Name} is linked to {link.Switch}:{link.Port} here")]));
            }
        }
    }

    /// <summary>"07" and "7" are one port.</summary>
    private static string NormalisePort(string port) => int.TryParse(port, out var n) ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : port;
}
