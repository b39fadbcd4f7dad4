using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Ssh;

/// <summary>One site-wide known_hosts from the cadaster's and the guests' host keys.</summary>
public sealed class KnownHostsEmitter : IArtifactEmitter
{
    public const string OutputPath = "ssh/known_hosts";

    public const string TargetPath = "/etc/ssh/ssh_known_hosts";

    public string Family => "ssh";

    public string Description => "the site-wide ssh_known_hosts: every machine's names and host key, retired keys @revoked";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var site = context.Resolved.Site;
        var file = KnownHostsFile.Create(site);
        if (file.Entries.Count == 0 && file.Revoked.Count == 0)
        {
            return [];
        }

        // Every machine Elenta manages receives it: each can then check every other's key.
        var serving = Semantics.ServiceMachines.Of(context.Resolved);
        var machines = context.Resolved.Machines.Select(v => v.Name).Where(serving.IsManaged).ToList();
        return [new Artifact(OutputPath, Family, new Delivery(machines, TargetPath), file.WriteUtf8(site.Settings.Name))];
    }
}
