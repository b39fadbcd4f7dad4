using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;

namespace Elenta.Core.Model;

/// <summary>The typed site: everything the files say, bound and cross-referenced.</summary>
public sealed record Site(
    SiteSettings Settings,
    Cadaster Cadaster,
    NamedMap<Network> Networks,
    NamedMap<Domain> Domains,
    NamedMap<Role> Roles,
    NamedMap<Constellation> Constellations,
    MergedMapping Tree);

public sealed record SiteSettings(
    string Name,
    IReadOnlyList<string> Overlays,
    string CanonDomain,
    NetbootStore? NetbootStore,
    IReadOnlyDictionary<string, Severity> RuleSeverities,
    DnsSettings Dns)
{
    /// <summary>The site's <c>firewall</c> settings; null when elenta.yaml has none (no machine gets an input firewall).</summary>
    public FirewallSettings? Firewall { get; init; }
}

/// <summary>
/// Site-wide firewall settings: with them every machine Elenta manages gets an input firewall
/// (docs/firewall.md). <see cref="Management"/> lists where SSH may come from: network names,
/// addresses or CIDRs, as written (EL8021 reports one that is none of these).
/// </summary>
public sealed record FirewallSettings(IReadOnlyList<ManagementSource> Management, MergedMapping Node);

/// <summary>One entry of <c>firewall.management</c>, as written.</summary>
public sealed record ManagementSource(string Text, MergedNode Node);

/// <summary>Site-wide DNS: who serves the canon and reverse zones, which TLDs never leave the site.</summary>
public sealed record DnsSettings(IReadOnlyList<string> Servers, IReadOnlyList<string> BlockOutgoing, int Ttl, string? Hostmaster)
{
    /// <summary>
    /// Whether the site writes <c>dns.servers</c> at all: when it does not, the canon and reverse
    /// zones are served by every domain's name servers (<see cref="Semantics.ServiceMachines.CanonServers"/>).
    /// </summary>
    public bool ServersGiven { get; init; }
}

public sealed record NetbootStore(string Path, string? BaseUrl)
{
    /// <summary>The host that holds the store and serves it (receives the iPXE scripts, menu and index).</summary>
    public string? Server { get; init; }

    /// <summary>Whether Elenta writes the HTTP server configuration that serves the store (<c>serve: nginx</c>, the default), or the site serves it itself (<c>none</c>).</summary>
    public bool ServedByNginx { get; init; } = true;
}
