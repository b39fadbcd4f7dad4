using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8012: a machine's current host key is also listed as retired (by it or any other machine).</summary>
public sealed class HostKeyAlsoRetiredRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8012", "A host key is also listed as retired", Severity.Error, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        A key in any machine's ssh.retiredKeys is written to known_hosts as @revoked, refused for
        every host. When a machine's current ssh.hostKey is one of them, ssh refuses that machine, so
        it could not be reached. Reported at the current key, with the retired entry as related.
        After a rotation only the old key belongs in retiredKeys: remove the key from retiredKeys,
        or give the machine its new key.
        """;

    public override void Analyze(AnalysisContext context)
    {
        var machines = SshMachines.Of(context.Site).ToList();
        var retired = new Dictionary<PublicKey, MergedNode>();
        foreach (var (_, ssh) in machines)
        {
            foreach (var old in ssh.RetiredKeys)
            {
                retired.TryAdd(old.Key, old.Node);
            }
        }

        if (retired.Count == 0)
        {
            return;
        }

        foreach (var (machine, ssh) in machines)
        {
            if (ssh.HostKey is { } key && retired.TryGetValue(key, out var old))
            {
                context.Report(Rule.Create(ssh.Node.At(SiteKeys.HostKey),
                    $"the host key of '{machine}' is also listed as retired; ssh refuses a revoked key, so '{machine}' could not be reached",
                    "remove the key from retiredKeys, or give the machine its new key",
                    [new RelatedLocation(old.Location, "retired here")]));
            }
        }
    }
}
