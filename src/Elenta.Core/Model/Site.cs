using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model.Values;

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
    /// <summary>The reverse proxy's site-wide settings (<c>proxy:</c> in elenta.yaml): limits and TLS by domain.</summary>
    public ProxySettings Proxy { get; init; } = ProxySettings.Default;

    /// <summary>The site's <c>firewall</c> settings; null when elenta.yaml has none (no machine gets an input firewall).</summary>
    public FirewallSettings? Firewall { get; init; }

    /// <summary>Where the deployer keeps its journal (<c>state:</c>); null when the site says nothing: SQLite in .elenta/state.db.</summary>
    public StateSettings? State { get; init; }
}

/// <summary>
/// The deployer's journal for a team: a PostgreSQL database, given as an Npgsql connection string
/// (<see cref="PostgreSql"/>), or as the name of an environment variable that holds one when elenta
/// runs (<see cref="PostgreSqlEnv"/>). Passwords never sit in the site: PGPASSWORD or ~/.pgpass.
/// </summary>
public sealed record StateSettings(string? PostgreSql, string? PostgreSqlEnv, MergedMapping Node);

/// <summary>
/// The reverse proxy's site-wide settings: the request-body limit and timeout of every proxy entry
/// that does not set its own, and the TLS of each domain whose names are proxied.
/// </summary>
public sealed record ProxySettings(ByteSize MaxBodySize, int TimeoutSeconds, NamedMap<TlsDomain> Tls)
{
    /// <summary>100 MiB: nginx's own default (1 MiB) refused a 2 MB upload with 413.</summary>
    public static readonly ByteSize DefaultMaxBodySize = new(100L * 1024 * 1024);

    /// <summary>nginx's own default for reading from and sending to the backend.</summary>
    public const int DefaultTimeoutSeconds = 60;

    public static ProxySettings Default { get; } = new(DefaultMaxBodySize, DefaultTimeoutSeconds, NamedMap<TlsDomain>.Empty);

    /// <summary>The TLS of a proxied name: the entry of the longest domain that is the name or one of its parents; null for plain HTTP.</summary>
    public TlsDomain? TlsFor(string serverName)
    {
        TlsDomain? best = null;
        foreach (var tls in Tls)
        {
            var under = serverName.Equals(tls.Name, StringComparison.OrdinalIgnoreCase)
                || serverName.EndsWith("." + tls.Name, StringComparison.OrdinalIgnoreCase);
            if (under && (best is null || tls.Name.Length > best.Name.Length))
            {
                best = tls;
            }
        }

        return best;
    }
}

/// <summary>
/// The certificate of one domain's proxied names (the domain and every name below it): files the
/// site gives (<see cref="Certificate"/>, <see cref="Key"/>), or one obtained by ACME. HSTS is sent
/// when <see cref="Hsts"/> says so, else for ACME certificates of domains not marked private.
/// </summary>
public sealed record TlsDomain(string Name, MergedMapping Node, string? Certificate, string? Key, AcmeAccount? Acme, bool? Hsts) : INamed;

/// <summary>An ACME account: the contact address and the directory URL (default Let's Encrypt's).</summary>
public sealed record AcmeAccount(string? Email, string? Server, MergedMapping Node);

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

    /// <summary>Where the site's resolvers send the queries they do not answer themselves; empty: to the root servers.</summary>
    public IReadOnlyList<Model.Values.IpAddress> Forwarders { get; init; } = [];
}

public sealed record NetbootStore(string Path, string? BaseUrl)
{
    /// <summary>The host that holds the store and serves it (receives the iPXE scripts, menu and index).</summary>
    public string? Server { get; init; }

    /// <summary>Whether Elenta writes the HTTP server configuration that serves the store (<c>serve: nginx</c>, the default), or the site serves it itself (<c>none</c>).</summary>
    public bool ServedByNginx { get; init; } = true;
}
