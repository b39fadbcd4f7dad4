using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Ssh;

/// <summary>One site-wide known_hosts from the cadaster's and the guests' host keys.</summary>
public sealed class KnownHostsEmitter : IArtifactEmitter
{
    public const string OutputPath = "ssh/known_hosts";

    public string Family => "ssh";

    public string Description => "the site-wide ssh_known_hosts: every machine's names and host key, retired keys @revoked";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var site = context.Resolved.Site;
        var file = KnownHostsFile.Create(site, diagnostics);
        if (file.Entries.Count == 0 && file.Revoked.Count == 0)
        {
            return [];
        }

        return [new Artifact(OutputPath, Family, null, "/etc/ssh/ssh_known_hosts", file.WriteUtf8(site.Settings.Name))];
    }
}
