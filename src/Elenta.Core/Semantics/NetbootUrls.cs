using Elenta.Core.Model;

namespace Elenta.Core.Semantics;

/// <summary>
/// Whether the netboot store's base URL can be fetched from: iPXE and DHCP's boot options need an
/// absolute http(s) URL. The check (EL8009) and the netboot and DHCP emitters ask here, so they agree.
/// </summary>
public static class NetbootUrls
{
    /// <summary>The store's base URL without a trailing slash, or null when it is missing or not an absolute http(s) URL.</summary>
    public static string? UsableBaseUrl(NetbootStore? store) =>
        store?.BaseUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? url.TrimEnd('/')
            : null;
}
