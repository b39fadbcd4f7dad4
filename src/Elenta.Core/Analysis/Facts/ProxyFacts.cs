using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Core.Analysis.Facts;

/// <summary>
/// A name nginx serves (docs/proxy-ssh-monitoring.md): on the machine of its instance, which has an
/// address (SiteNames publishes no name otherwise), for the role's proxy entry; <see cref="Tls"/>
/// the proxy.tls domain that gives it HTTPS (then nginx listens on the entry's httpsPort too).
/// </summary>
internal sealed record ProxiedName(DomainName Name, Role Role, ProxyEntry Entry, TlsDomain? Tls)
{
    public Instance Instance => Name.Instance;

    /// <summary>The machine whose nginx serves the name.</summary>
    public string Machine => Name.Instance.Machine;
}

/// <summary>What the proxy rules ask of the site's proxied names.</summary>
internal static class ProxyFacts
{
    /// <summary>Every proxied name of the site, in SiteNames' order, with its role, entry and TLS.</summary>
    public static List<ProxiedName> Names(AnalysisContext context)
    {
        var site = context.Site;
        var list = new List<ProxiedName>();
        foreach (var name in context.Resolved.Names.InDomains)
        {
            if (name.Kind == DomainNameKind.Proxy && site.Roles[name.Instance.Role] is { } role && role.Proxy[name.Label] is { } entry)
            {
                list.Add(new ProxiedName(name, role, entry, site.Settings.Proxy.TlsFor(name.Fqdn)));
            }
        }

        return list;
    }
}
