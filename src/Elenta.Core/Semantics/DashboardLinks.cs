using System.Globalization;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics;

/// <summary>
/// Where a dashboard entry links to: its own url, else the role's proxy entry named like it (or its
/// first), else its first TCP service on the machine's canon name. The check (EL6010) and the
/// dashboard emitter ask here, so an entry the check passes always has a link.
/// </summary>
public static class DashboardLinks
{
    public static string? UrlOf(Site site, Constellation constellation, Instance instance, Role role, DashboardEntry entry)
    {
        if (entry.Url is { } url)
        {
            return url;
        }

        if (PublishedProxy(site, constellation, instance, role, entry) is var (published, proxy))
        {
            var port = proxy.FrontendPort == 80 ? string.Empty : ":" + proxy.FrontendPort.ToString(CultureInfo.InvariantCulture);
            return $"http://{published.Fqdn}{port}/";
        }

        if (TcpService(role) is { } service)
        {
            return $"http://{SiteNames.Of(site).CanonFqdn(instance.Machine)}:{service.Port.From.ToString(CultureInfo.InvariantCulture)}/";
        }

        return null;
    }

    /// <summary>Whether <see cref="UrlOf"/> gives a link, without making it (the check asks for every entry of every instance).</summary>
    public static bool HasLink(Site site, Constellation constellation, Instance instance, Role role, DashboardEntry entry) =>
        LinksWherePlaced(role, entry) || PublishedProxy(site, constellation, instance, role, entry) is not null;

    /// <summary>Whether the entry links wherever its role is placed (its own url, or the role's TCP service): then no instance need be asked.</summary>
    public static bool LinksWherePlaced(Role role, DashboardEntry entry) => entry.Url is not null || TcpService(role) is not null;

    /// <summary>
    /// The role's proxy entry named like the dashboard entry (or its first) and its name as the
    /// zones publish it (SiteNames): a proxied name of a machine without an address is never
    /// published, so it is no link.
    /// </summary>
    private static (DomainName Published, ProxyEntry Proxy)? PublishedProxy(Site site, Constellation constellation, Instance instance, Role role, DashboardEntry entry)
    {
        if (constellation.Domain is null || role.Proxy.Count == 0)
        {
            return null;
        }

        var proxy = role.Proxy.FirstOrDefault(p => string.Equals(p.Name, entry.Title, StringComparison.OrdinalIgnoreCase)) ?? role.Proxy[0];
        return SiteNames.Of(site).InDomainsOf(instance).FirstOrDefault(n => n.Kind == DomainNameKind.Proxy && n.Label == proxy.Name) is { } published
            ? (published, proxy)
            : null;
    }

    private static Service? TcpService(Role role) => role.Services.FirstOrDefault(s => s.Port.Protocol == Protocol.Tcp);
}
