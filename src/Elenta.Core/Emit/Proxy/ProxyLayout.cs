using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Proxy;

/// <summary>
/// Which server blocks each machine's nginx gets, and which certificates each machine obtains by
/// ACME. The reverse proxy runs on the machine of the service it fronts (the journal's choice), so
/// every block forwards to 127.0.0.1, or to the machine's own address on the network a service
/// is restricted to. Machines and blocks are sorted, so the same site gives the same plan.
/// </summary>
public sealed record ProxyLayout(IReadOnlyDictionary<string, IReadOnlyList<ProxyServer>> ServersByMachine)
{
    /// <summary>Where an ACME certificate's files are linked on the machine (nginx reads them there).</summary>
    public const string AcmeCertificateDirectory = "/etc/elenta/tls";

    /// <summary>The directory the HTTP-01 challenge files are written to (certbot --webroot) and served from.</summary>
    public const string AcmeWebroot = "/var/lib/elenta/acme";

    /// <summary>The address a backend on the proxy's own machine is reached at.</summary>
    public static readonly IpAddress Loopback = IpAddress.Parse("127.0.0.1");

    /// <summary>The ACME certificates of each machine that has any, sorted by name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<AcmeCertificate>> AcmeByMachine { get; init; } =
        new SortedDictionary<string, IReadOnlyList<AcmeCertificate>>(StringComparer.Ordinal);

    /// <summary>
    /// The machines with servers that have an IPv6 address: their names have AAAA records (the
    /// proxied names are CNAMEs of the canon name), so their nginx listens over IPv6 too.
    /// </summary>
    public IReadOnlySet<string> Ipv6 { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public static string AcmeCertificateFile(string certificate) => $"{AcmeCertificateDirectory}/{certificate}/fullchain.pem";

    public static string AcmeKeyFile(string certificate) => $"{AcmeCertificateDirectory}/{certificate}/privkey.pem";

    /// <summary>
    /// The plan for a site the check passed: EL4012 (no address), EL5012 (redirect without target),
    /// EL5013 (no domain) and EL5014 (one name claimed twice) are reported there; what they would
    /// refuse is skipped here, should a site turn them off.
    /// </summary>
    public static ProxyLayout Create(Site site)
    {
        var byMachine = new SortedDictionary<string, List<ProxyServer>>(StringComparer.Ordinal);
        var claimed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = SiteNames.Of(site);
        var proxy = site.Settings.Proxy;
        var acme = new SortedDictionary<string, SortedDictionary<string, (TlsDomain Tls, SortedSet<string> Names)>>(StringComparer.Ordinal);

        foreach (var constellation in site.Constellations)
        {
            // Where each proxy entry name is served in this constellation, for the bare-domain redirect.
            var servedAt = new Dictionary<string, (string Machine, int Port, string ServerName, ServerTls? Tls)>(StringComparer.Ordinal);
            foreach (var instance in constellation.Instances)
            {
                if (site.Roles[instance.Role] is not { Proxy.Count: > 0 } role)
                {
                    continue;
                }

                if (constellation.Domain is null)
                {
                    continue; // EL5013
                }

                var machine = instance.Machine;
                if (names.AddressOf(machine) is null)
                {
                    continue; // EL4012
                }

                // The instance has an address, so its machine has a canon name and each entry its name in the domain.
                var published = names.InDomainsOf(instance).Where(n => n.Kind == DomainNameKind.Proxy).ToDictionary(n => n.Label, n => n.Fqdn, StringComparer.Ordinal);
                foreach (var entry in role.Proxy)
                {
                    var serverName = published[entry.Name];
                    if (!claimed.Add(serverName))
                    {
                        continue; // EL5014
                    }

                    var tls = TlsOf(site, proxy.TlsFor(serverName), entry.HttpsPort, machine, serverName, acme);
                    servedAt.TryAdd(entry.Name, (machine, entry.FrontendPort, serverName, tls));
                    var upstream = new ProxyUpstream(BackendAddress(role, entry, machine, names), entry.Port.From, names.CanonFqdn(machine), entry.Websocket);
                    var limits = new ProxyLimits(entry.MaxBodySize ?? proxy.MaxBodySize, entry.TimeoutSeconds ?? proxy.TimeoutSeconds);
                    var comment = $"{serverName}: role {role.Name}, instance {instance.Name} of constellation {constellation.Name}";
                    Add(byMachine, machine, new ForwardingServer(serverName, new NginxListen(entry.FrontendPort), comment, upstream, limits) { Tls = tls });
                }
            }

            AddBareRedirect(site, constellation, servedAt, byMachine, acme);
        }

        var sorted = new SortedDictionary<string, IReadOnlyList<ProxyServer>>(StringComparer.Ordinal);
        foreach (var (machine, servers) in byMachine)
        {
            sorted[machine] = servers.OrderBy(s => s.ServerName, StringComparer.Ordinal).ThenBy(s => s.Listen.Port).ToList();
        }

        var certificates = new SortedDictionary<string, IReadOnlyList<AcmeCertificate>>(StringComparer.Ordinal);
        foreach (var (machine, byName) in acme)
        {
            certificates[machine] = byName.Values.Select(c => new AcmeCertificate(c.Tls.Name, [.. c.Names], c.Tls.Acme!.Email, c.Tls.Acme.Server)).ToList();
        }

        var ipv6 = sorted.Keys.Where(m => names.Of(m).Any(n => n.Ip.IsV6)).ToHashSet(StringComparer.Ordinal);
        return new ProxyLayout(sorted) { AcmeByMachine = certificates, Ipv6 = ipv6 };
    }

    /// <summary>
    /// The backend is on the proxy's own machine: 127.0.0.1, unless the role's service on that port
    /// listens only on some networks (<c>services.*.networks</c>); then the machine's address on the
    /// first of them, as loopback would find nothing there.
    /// </summary>
    private static IpAddress BackendAddress(Role role, ProxyEntry entry, string machine, SiteNames names)
    {
        var restricted = role.Services.FirstOrDefault(s => s.Port.From == entry.Port.From && s.Port.Protocol == Protocol.Tcp && s.Networks.Count > 0);
        if (restricted is null)
        {
            return Loopback;
        }

        foreach (var network in restricted.Networks)
        {
            if (names.Of(machine).FirstOrDefault(n => n.Network == network) is { } onNetwork)
            {
                return onNetwork.Ip;
            }
        }

        return names.AddressOf(machine) ?? Loopback;
    }

    /// <summary>
    /// The HTTPS of a name under <paramref name="domain"/> (null: plain HTTP), and for ACME, the name
    /// added to its machine's certificate of that domain.
    /// </summary>
    private static ServerTls? TlsOf(Site site, TlsDomain? domain, int httpsPort, string machine, string serverName,
        SortedDictionary<string, SortedDictionary<string, (TlsDomain Tls, SortedSet<string> Names)>> acme)
    {
        if (domain is null)
        {
            return null;
        }

        if (domain.Acme is null)
        {
            if (domain.Certificate is not { } certificate || domain.Key is not { } key)
            {
                return null; // reported when the site was bound
            }

            return new ServerTls(new NginxListen(httpsPort), certificate, key, domain.Hsts ?? false, null);
        }

        if (!acme.TryGetValue(machine, out var byName))
        {
            byName = new SortedDictionary<string, (TlsDomain, SortedSet<string>)>(StringComparer.Ordinal);
            acme[machine] = byName;
        }

        if (!byName.TryGetValue(domain.Name, out var lineage))
        {
            lineage = (domain, new SortedSet<string>(StringComparer.Ordinal));
            byName[domain.Name] = lineage;
        }

        lineage.Names.Add(serverName);
        return new ServerTls(new NginxListen(httpsPort), AcmeCertificateFile(domain.Name), AcmeKeyFile(domain.Name), domain.Hsts ?? IsPublic(site, domain.Name), AcmeWebroot);
    }

    /// <summary>A name is public unless a site domain it is in (the name itself or a parent) is marked <c>private</c>.</summary>
    private static bool IsPublic(Site site, string name)
    {
        foreach (var domain in site.Domains)
        {
            if (domain.Private && (name.Equals(domain.Name, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + domain.Name, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return true;
    }

    private static void AddBareRedirect(Site site, Constellation constellation, Dictionary<string, (string Machine, int Port, string ServerName, ServerTls? Tls)> servedAt,
        SortedDictionary<string, List<ProxyServer>> byMachine,
        SortedDictionary<string, SortedDictionary<string, (TlsDomain Tls, SortedSet<string> Names)>> acme)
    {
        if (constellation is not { RedirectBareTo: { } target, Domain: { } domain })
        {
            return;
        }

        if (!servedAt.TryGetValue(target, out var at))
        {
            return; // EL5012
        }

        // The bare domain is served with TLS when its own name has it (a certificate for www.domain
        // need not cover domain); its HTTPS listens where the target's does.
        var tls = at.Tls is null ? null : TlsOf(site, site.Settings.Proxy.TlsFor(domain), at.Tls.Listen.Port, at.Machine, domain, acme);
        var comment = $"{domain}: bare domain of constellation {constellation.Name}, redirected to {at.ServerName}";
        Add(byMachine, at.Machine, new BareRedirectServer(domain, new NginxListen(at.Port), comment, at.ServerName) { Tls = tls, TargetHttps = at.Tls?.Listen });
    }

    /// <summary>The address the machine of an instance answers on: a guest's own, a host's primary canon address.</summary>
    private static void Add(SortedDictionary<string, List<ProxyServer>> map, string machine, ProxyServer server)
    {
        if (!map.TryGetValue(machine, out var list))
        {
            list = [];
            map[machine] = list;
        }

        list.Add(server);
    }
}
