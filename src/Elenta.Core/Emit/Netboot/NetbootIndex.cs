using System.Text.Json.Nodes;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Netboot;

/// <summary>
/// <c>index.json</c> at the store's root: which machine, interface and roles each MAC boots, where its
/// script and image live, and the image size when the cadaster knows it. build-image reads it to
/// find the folder of a machine; people read it to know what a MAC in a DHCP log is.
/// </summary>
public static class NetbootIndex
{
    public static string Write(ResolvedSite resolved, IReadOnlyList<NetbootClient> clients, string storePath, string baseUrl)
    {
        var macs = new JsonArray();
        foreach (var client in clients.OrderBy(c => c.Mac.Value))
        {
            var host = client.Host;
            var entry = new JsonObject
            {
                ["mac"] = client.Mac.ToString(),
                ["machine"] = host.Name,
                ["interface"] = client.Interface.Name,
                ["firmware"] = IpxeScripts.Name(host.Boot.Firmware),
                ["folder"] = client.Folder,
                ["script"] = NetbootLayout.ScriptUrl(baseUrl, client.Mac),
                ["imageFolder"] = client.ImageFolder,
            };
            if (host.Boot.ImageSize is { } size)
            {
                entry["imageSize"] = size.ToString();
                entry["imageBytes"] = size.Bytes;
            }

            var roles = new JsonArray();
            foreach (var role in resolved.Machines[host.Name]?.Roles ?? [])
            {
                roles.Add(new JsonObject
                {
                    ["instance"] = role.Instance,
                    ["role"] = role.Role,
                    ["constellation"] = role.Constellation,
                });
            }

            entry["roles"] = roles;
            macs.Add(entry);
        }

        var root = new JsonObject
        {
            ["site"] = resolved.Site.Settings.Name,
            ["path"] = storePath,
            ["baseUrl"] = baseUrl,
            ["menu"] = NetbootLayout.Url(baseUrl, NetbootLayout.MenuName),
            ["macs"] = macs,
        };
        return ViewJson.Serialize(root);
    }
}
