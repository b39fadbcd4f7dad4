using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Rules.Security;

/// <summary>EL8007: a host Elenta deploys to has no SSH host key in the cadaster.</summary>
public sealed class HostWithoutHostKeyRule : AnalysisRule
{
    private static readonly DiagnosticDescriptor Rule = new("EL8007", "Deployed host without an SSH host key", Severity.Warning, "Security");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override string Explanation =>
        """
        Elenta deploys over SSH and verifies host keys strictly against the known_hosts it builds
        from the cadaster, so that "an 'unknown host' would actually indicate something has gone
        awry" (the journal, 11-AUG). A host with driver nixos (the default) or files and no
        ssh.hostKey cannot be trusted. A warning, not an error: a fresh site is checked and built
        before anyone has collected its keys, and the known_hosts it builds simply leaves the host
        out. The refusal belongs to deploy (not yet written), which will never connect to a machine
        whose key it cannot check. Add the host's public key (ssh-keyscan, or
        /etc/ssh/ssh_host_ed25519_key.pub on the machine), possibly in a private overlay, or set
        driver: none for a machine Elenta does not deploy to. Hosts that no constellation places
        anything on are not deployed to and are not checked.
        """;

    public override void Analyze(AnalysisContext context)
    {
        foreach (var host in context.Site.Cadaster.Hosts)
        {
            if (host.Driver == DriverKind.None || host.Ssh?.HostKey is not null)
            {
                continue;
            }

            // Only hosts a constellation deploys to: something placed on them or on their guests.
            if (context.Resolved.Machines[host.Name] is not { } view || view.Roles.Count == 0 && view.Guests.Count == 0)
            {
                continue;
            }

            var driver = host.Driver == DriverKind.Files ? "files" : "nixos";
            var location = host.Ssh is { } ssh ? ssh.Node.KeyAt() : host.Node.KeyAt();
            var related = host.Node["driver"] is { } d ? new[] { new RelatedLocation(d.Location, $"'{host.Name}' is deployed with the {driver} driver") } : [];
            context.Report(Rule.Create(location,
                $"host '{host.Name}' is deployed to (driver {driver}) but has no ssh.hostKey, so its known_hosts entry cannot be trusted",
                $"add cadaster.compute.{host.Name}.ssh.hostKey (the line in /etc/ssh/ssh_host_ed25519_key.pub), or set driver: none if Elenta does not deploy to it",
                related));
        }
    }
}
