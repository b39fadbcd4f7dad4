using Elenta.Core.Diagnostics;

namespace Elenta.Core.Emit.Proxy;

/// <summary>
/// nginx server blocks for every role's <c>proxy</c> entries, one file per machine that serves any,
/// plus the websocket map those blocks use.
/// </summary>
public sealed class ProxyEmitter : IArtifactEmitter
{
    public const string ServersFile = "elenta-proxy.conf";
    public const string MapFile = "elenta-proxy-map.conf";
    public const string AcmeScriptFile = "elenta-acme";
    public const string AcmeScriptTarget = "/usr/local/sbin/elenta-acme";
    public const string AcmeHookFile = "elenta-acme-deploy-hook";
    public const string AcmeHookTarget = "/etc/letsencrypt/renewal-hooks/deploy/elenta-nginx-reload";

    /// <summary>nginx checks the new configuration and keeps the old one if it is bad.</summary>
    private const string Reload = "nginx -s reload";

    public string Family => "proxy";

    public string Description => "nginx reverse-proxy server blocks per machine, from every role's proxy entries (HTTPS per proxy.tls; ACME script and renewal hook)";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var plan = ProxyLayout.Create(context.Resolved.Site);
        foreach (var (machine, servers) in plan.ServersByMachine)
        {
            // With ACME certificates, nginx starts only once the script has put placeholders where
            // certificates are missing; the script reloads nginx itself.
            var acme = plan.AcmeByMachine.GetValueOrDefault(machine);
            var reload = acme is null ? Reload : AcmeScriptTarget;
            yield return Artifact.Text($"proxy/{machine}/{ServersFile}", Family, Delivery.To(machine, $"/etc/nginx/conf.d/{ServersFile}", "0644", reload),
                NginxConfigWriter.WriteServers(machine, servers, plan.Ipv6.Contains(machine)));
            yield return Artifact.Text($"proxy/{machine}/{MapFile}", Family, Delivery.To(machine, $"/etc/nginx/conf.d/{MapFile}", "0644", Reload),
                NginxConfigWriter.WriteUpgradeMap());
            if (acme is not null)
            {
                yield return Artifact.Text($"proxy/{machine}/{AcmeScriptFile}", Family, Delivery.To(machine, AcmeScriptTarget, "0755", AcmeScriptTarget),
                    AcmeScriptWriter.WriteScript(machine, acme));
                yield return Artifact.Text($"proxy/{machine}/{AcmeHookFile}", Family, Delivery.To(machine, AcmeHookTarget, "0755"),
                    AcmeScriptWriter.WriteDeployHook(machine));
            }
        }
    }
}
