using Elenta.Core.Analysis.Facts;
using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8008: a VM or container with an address of its own has no SSH host key.</summary>
public sealed class GuestWithoutHostKeyRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8008", "Guest without an SSH host key", Severity.Warning, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A VM, or a container with an address of its own, is reached over SSH like any machine, and
        its key belongs in the known_hosts Elenta builds. Without ssh.hostKey on the instance the
        first deploy has to trust whatever key answers. A warning, not an error: a guest is often
        created before its key exists (the journal set host keys up for netbooted machines first).
        Guests of hosts with driver: none, and containers that share their host's network, are not
        checked.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var p in PlacementFacts.Placed(context.Site))
        {
            if (!p.IsOwnMachine || p.Instance.Address is null || p.Host.Driver == DriverKind.None || p.Instance.Ssh?.HostKey is not null)
            {
                continue;
            }

            context.Report(Rule.Create(p.Instance.Ssh is { } ssh ? ssh.Node.KeyAt() : p.KeyLocation,
                $"{p.Describe()} has an address of its own but no ssh.hostKey, so its known_hosts entry cannot be trusted",
                $"add ssh: {{ hostKey: \"ssh-ed25519 AAAA...\" }} to '{p.Name}' (a private overlay can hold it)",
                [new RelatedLocation(((Merging.MergedMapping)p.Instance.Address.Node).At("ip"), $"'{p.Name}' is reached at {p.Instance.Address.Ip}")]));
        }
    }
}
