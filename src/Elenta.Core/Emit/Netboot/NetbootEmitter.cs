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

    /// <summary>The output folder of the files that configure the store's server, beside the store's own (MAC folders never look like this).</summary>
    public const string ServerFolder = "_server";

    public string Description => "iPXE script per MAC, fallback menu and index.json of the netboot store, and the nginx server that serves it";

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

            // The store's own HTTP server, unless the site serves it itself; a store nginx cannot
            // serve (EL8040, turned off) gets none rather than a broken one.
            if (store.ServedByNginx && NetbootUrls.Locate(baseUrl) is { } location && NetbootUrls.IsPlainWord(location.Path) && NetbootUrls.IsPlainWord(store.Path))
            {
                artifacts.Add(Artifact.Text($"{FamilyName}/{ServerFolder}/{NetbootStoreServer.FileName}", FamilyName,
                    new Delivery(store.Server is { } server ? [server] : [], $"/etc/nginx/conf.d/{NetbootStoreServer.FileName}", "0644", ["nginx -s reload"]),
                    NetbootStoreServer.Write(site.Settings.Name, store.Path, baseUrl, location,
                        ipv6: store.Server is { } on && SiteNames.Of(site).Of(on).Any(n => n.Ip.IsV6))));
            }
        }

        return artifacts;
    }

    /// <summary>Every file of the store goes to the store's server (the booting machine fetches it from there).</summary>
    private static Delivery OnStore(NetbootStore store, string relative) =>
        new(store.Server is { } server ? [server] : [], store.Path.TrimEnd('/') + "/" + relative);
}
