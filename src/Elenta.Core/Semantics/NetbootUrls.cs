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

    /// <summary>Where an http base URL answers, as the store's nginx server needs it, or null when it is not a plain http URL.</summary>
    public static StoreLocation? Locate(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp
            ? new StoreLocation(uri.IdnHost, uri.Port, Uri.UnescapeDataString(uri.AbsolutePath).TrimEnd('/') + "/")
            : null;

    /// <summary>
    /// Whether nginx takes the text as one word, unquoted and without variables: no whitespace,
    /// quotes, '$', ';', braces, '#' or backslash (the check, EL8040, refuses the others; the netboot emitter trusts it).
    /// </summary>
    public static bool IsPlainWord(string text) =>
        text.Length > 0 && text.All(c => c > ' ' && c != 127 && c is not ('"' or '\'' or '$' or ';' or '{' or '}' or '#' or '\\'));
}

/// <summary>Where the store answers: the host name iPXE sends, the TCP port, and the URL path ending in '/'.</summary>
public sealed record StoreLocation(string Host, int Port, string Path);
