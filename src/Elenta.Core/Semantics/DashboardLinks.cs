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

        // Names as the zones publish them (SiteNames): a proxied name of a machine without an
        // address is never published, so it is no link.
        var names = SiteNames.Of(site);
        if (constellation.Domain is not null && role.Proxy.Count > 0)
        {
            var proxy = role.Proxy.FirstOrDefault(p => string.Equals(p.Name, entry.Title, StringComparison.OrdinalIgnoreCase)) ?? role.Proxy[0];
            if (names.InDomainsOf(instance).FirstOrDefault(n => n.Kind == DomainNameKind.Proxy && n.Label == proxy.Name) is { } published)
            {
                var port = proxy.FrontendPort == 80 ? string.Empty : ":" + proxy.FrontendPort.ToString(CultureInfo.InvariantCulture);
                return $"http://{published.Fqdn}{port}/";
            }
        }

        if (role.Services.FirstOrDefault(s => s.Port.Protocol == Protocol.Tcp) is { } service)
        {
            return $"http://{names.CanonFqdn(instance.Machine)}:{service.Port.From.ToString(CultureInfo.InvariantCulture)}/";
        }

        return null;
    }
}
