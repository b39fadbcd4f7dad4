using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Netboot;

/// <summary>
/// The shape of the netboot store, shared by the netboot and DHCP emitters: one folder per MAC,
/// named in iPXE's dashed form, each holding a <c>boot.ipxe</c>.
/// </summary>
public static class NetbootLayout
{
    public const string ScriptName = "boot.ipxe";
    public const string MenuName = "menu.ipxe";
    public const string IndexName = "index.json";

    public static string Folder(MacAddress mac) => mac.ToDashed();

    public static string Url(string baseUrl, string relative) => baseUrl.TrimEnd('/') + "/" + relative;

    public static string ScriptUrl(string baseUrl, MacAddress mac) => Url(baseUrl, $"{Folder(mac)}/{ScriptName}");

    /// <summary>The store's base URL without a trailing slash, or null when it is missing or not an absolute http(s) URL.</summary>
    public static string? UsableBaseUrl(NetbootStore? store) => Semantics.NetbootUrls.UsableBaseUrl(store);

    public static IEnumerable<Host> NetbootedHosts(Site site) =>
        site.Cadaster.Hosts.Where(h => h.Boot.Mode == BootMode.Netboot).OrderBy(h => h.Name, StringComparer.Ordinal);

    /// <summary>Every MAC that may netboot (BootNics), ordered by host, then MAC.</summary>
    public static IReadOnlyList<NetbootClient> Clients(Site site) => NetbootedHosts(site).SelectMany(h => ClientsOf(site, h)).ToList();

    /// <summary>
    /// The host's NICs that may boot, each pointing at the folder of the image: the one of the MAC
    /// carrying the host's primary address when that NIC boots, else the first boot NIC's.
    /// </summary>
    public static IReadOnlyList<NetbootClient> ClientsOf(Site site, Host host)
    {
        var nics = BootNics.Of(site, host);
        if (nics.Count == 0)
        {
            return [];
        }

        var imageMac = ImageMac(host) is { } carrier && nics.Any(n => n.Mac == carrier) ? carrier : nics[0].Mac;
        return nics.Select(n => new NetbootClient(host, n.Nic, n.Mac, imageMac)).ToList();
    }

    /// <summary>The MAC that carries the host's primary address: the NIC it is expected to boot from.</summary>
    private static MacAddress? ImageMac(Host host) =>
        host.PrimaryAddress is { } primary ? CarrierMac.Of(host, primary.Interface) : null;
}
