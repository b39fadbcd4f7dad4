using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8023: the site asks for input firewalls but lets SSH in from nowhere.</summary>
public sealed class SshClosedEverywhereRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8023", "Input firewalls close SSH everywhere", Severity.Warning, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Every managed machine gets an input firewall that drops what it does not open. Without a
        firewall section in elenta.yaml SSH is open to any source; with one, SSH is opened only to
        firewall.management. An empty (or missing) list there closes SSH on every machine: the
        next deploy over SSH would lose every machine once the firewall is loaded. Name the
        networks (or addresses) the operator and the deploying machine reach the site from.
        """;

    public override void Analyze(AnalysisContext context)
    {
        if (context.Site.Settings.Firewall is { Management.Count: 0 } settings)
        {
            context.Report(Rule.Create(settings.Node.Child("management")?.Location ?? settings.Node.KeyAt(),
                "firewall.management names no network or address: every machine's input firewall will drop SSH",
                $"list where SSH comes from: management: [{string.Join(", ", context.Site.Networks.Names.Take(2))}]"));
        }
    }
}
