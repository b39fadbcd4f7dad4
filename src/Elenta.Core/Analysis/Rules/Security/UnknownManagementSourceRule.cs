using Elenta.Core.Diagnostics;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8021: an entry of firewall.management is neither a network, nor an address, nor a CIDR.</summary>
public sealed class UnknownManagementSourceRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8021", "Unknown SSH management source", Severity.Error, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        firewall.management in elenta.yaml says where SSH may come from on every machine: the
        name of a network of the site (its whole CIDR), an address (10.255.0.30) or a CIDR
        (192.168.1.0/28). Anything else opens SSH to nobody, and a deploy over SSH would lock
        itself out of the machines, so it is an error.
        """;

    public override void Analyze(AnalysisContext context)
    {
        if (context.Site.Settings.Firewall is not { } settings)
        {
            return;
        }

        foreach (var source in settings.Management)
        {
            if (ManagementSources.Resolve(context.Site, source.Text) is not null)
            {
                continue;
            }

            var closest = Suggest.Closest(source.Text, context.Site.Networks.Names);
            context.Report(Rule.Create(source.Node.Location,
                $"firewall.management entry '{source.Text}' is neither a network of the site nor an address or CIDR",
                closest is not null
                    ? $"did you mean the network '{closest}'? Or write an address (10.255.0.30) or a CIDR (10.255.0.0/24)"
                    : $"name a network ({string.Join(", ", context.Site.Networks.Names.Take(5))}), an address or a CIDR"));
        }
    }
}
