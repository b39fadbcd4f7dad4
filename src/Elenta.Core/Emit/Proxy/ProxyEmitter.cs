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

    /// <summary>nginx checks the new configuration and keeps the old one if it is bad.</summary>
    private const string Reload = "nginx -s reload";

    public string Family => "proxy";

    public string Description => "nginx reverse-proxy server blocks per machine, from every role's proxy entries";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var plan = ProxyLayout.Create(context.Resolved.Site);
        foreach (var (machine, servers) in plan.ServersByMachine)
        {
            yield return Artifact.Text($"proxy/{machine}/{ServersFile}", Family, Delivery.To(machine, $"/etc/nginx/conf.d/{ServersFile}", "0644", Reload),
                NginxConfigWriter.WriteServers(machine, servers));
            yield return Artifact.Text($"proxy/{machine}/{MapFile}", Family, Delivery.To(machine, $"/etc/nginx/conf.d/{MapFile}", "0644", Reload),
                NginxConfigWriter.WriteUpgradeMap());
        }
    }
}
