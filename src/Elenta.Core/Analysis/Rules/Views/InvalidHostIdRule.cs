using Elenta.Core.Diagnostics;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Views;

/// <summary>EL9220: a host's <c>hostId</c> is not a ZFS host id (8 hex digits, not all zero).</summary>
public sealed class InvalidHostIdRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL9220", "Host id is not 8 hex digits", Severity.Error, "Views");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A host's hostId becomes its ZFS host id (NixOS networking.hostId, /etc/hostid): exactly
        eight hexadecimal digits, and not 00000000, which ZFS reads as "no host id". ZFS records it
        in every pool the machine imports and refuses at boot a pool last imported under another id.
        Leave hostId out to have Elenta derive one from the machine's name; give one only to keep the
        id a machine already has (head -c4 /etc/hostid | od -An -tx4, or `hostid`).
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var host in context.Site.Cadaster.Hosts)
        {
            if (host.HostId is { } id && !HostIds.IsValid(id))
            {
                context.Report(Rule.Create(host.Node.At("hostId"),
                    $"host '{host.Name}' has hostId '{id}', which is not a ZFS host id: it must be exactly 8 hex digits, not all zero",
                    $"write the id the machine has (run `hostid` on it), such as hostId: \"{HostIds.Derived(host.Name)}\", or leave hostId out to derive one from the name"));
            }
        }
    }
}
