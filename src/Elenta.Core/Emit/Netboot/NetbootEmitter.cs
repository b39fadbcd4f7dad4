using Elenta.Core.Diagnostics;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Netboot;

/// <summary>
/// The netboot store layout: a <c>boot.ipxe</c> per MAC of every netbooted machine, a fallback menu,
/// and the index of who boots what. Nothing is written when no machine netboots.
/// </summary>
public sealed class NetbootEmitter : IArtifactEmitter
{
    public const string FamilyName = "netboot";

    public string Family => FamilyName;

    public string Description => "iPXE script per MAC, fallback menu and index.json of the netboot store";

    public IEnumerable<Artifact> Emit(EmitContext context, DiagnosticBag diagnostics)
    {
        var site = context.Resolved.Site;
        var hosts = NetbootLayout.NetbootedHosts(site).ToList();
        if (hosts.Count == 0)
        {
            return [];
        }

        // The check guarantees a store with a usable URL when a machine netboots (EL8009); a host
        // without a MAC gets no folder (EL8010). Only a site that turned EL8009 off gets here without one.
        if (site.Settings.NetbootStore is not { } store || NetbootLayout.UsableBaseUrl(store) is not { } baseUrl)
        {
            return [];
        }

        var clients = NetbootLayout.Clients(site);
        var artifacts = new List<Artifact>();
        foreach (var client in clients)
        {
            var relative = $"{client.Folder}/{NetbootLayout.ScriptName}";
            artifacts.Add(Artifact.Text($"{FamilyName}/{relative}", FamilyName, OnStore(store, relative), IpxeScripts.Boot(client, baseUrl)));
        }

        if (clients.Count > 0)
        {
            artifacts.Add(Artifact.Text($"{FamilyName}/{NetbootLayout.MenuName}", FamilyName, OnStore(store, NetbootLayout.MenuName),
                IpxeScripts.Menu(site.Settings.Name, clients, baseUrl)));
            artifacts.Add(Artifact.Text($"{FamilyName}/{NetbootLayout.IndexName}", FamilyName, OnStore(store, NetbootLayout.IndexName),
                NetbootIndex.Write(context.Resolved, clients, store.Path, baseUrl)));
        }

        return artifacts;
    }

    /// <summary>Every file of the store goes to the store's server (the booting machine fetches it from there).</summary>
    private static Delivery OnStore(NetbootStore store, string relative) =>
        new(store.Server is { } server ? [server] : [], store.Path.TrimEnd('/') + "/" + relative);
}
