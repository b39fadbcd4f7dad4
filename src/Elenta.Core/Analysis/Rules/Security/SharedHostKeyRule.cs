using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Merging;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Core.Semantics.Schema;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8011: two machines have the same SSH host key.</summary>
public sealed class SharedHostKeyRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8011", "Two machines share one host key", Severity.Warning, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Two machines have the same ssh.hostKey: one was cloned or copied from the other, and a cloned
        machine keeps its template's key. known_hosts cannot tell them apart, so either can stand in
        for the other. Reported at the second machine's key (hosts in the cadaster's order, then
        guests by name), with the first as related. A warning: the built known_hosts lists both
        machines with the key. Regenerate the host key on one of them (ssh-keygen -A after removing
        /etc/ssh/ssh_host_*) and put the new public key in the site.
        """;

    public override void Analyze(AnalysisContext context)
    {
        // Locations are worked out for the clashes only: 20,000 machines at 10,000 hosts have none.
        var first = new Dictionary<PublicKey, (string Machine, SshSpec Ssh)>();
        foreach (var (machine, ssh) in SshMachines.Of(context.Site))
        {
            if (ssh.HostKey is not { } key)
            {
                continue;
            }

            if (!first.TryAdd(key, (machine, ssh)))
            {
                var (other, otherSsh) = first[key];
                var where = ssh.Node.At(SiteKeys.HostKey);
                var otherWhere = otherSsh.Node.At(SiteKeys.HostKey);
                context.Report(Rule.Create(where, $"'{machine}' has the same host key as '{other}'; a cloned machine keeps its template's key",
                    $"regenerate the host key of '{machine}' (ssh-keygen -A after removing /etc/ssh/ssh_host_*)",
                    [new RelatedLocation(otherWhere, $"the key of '{other}'")]));
            }
        }
    }
}
