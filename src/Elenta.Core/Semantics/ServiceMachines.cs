using Elenta.Core.Model;

namespace Elenta.Core.Semantics;

/// <summary>
/// Which machines serve what, as the site itself says: the name servers of each zone, the DHCP
/// server of each network, the netboot store's server, the machines whose roles provide a site
/// service, and the machines Elenta installs files on at all. The emitters read it to say who
/// receives each file; analysis reads it to report a file that nobody would receive.
/// </summary>
public sealed class ServiceMachines
{
    private readonly ResolvedSite resolved;
    private readonly Dictionary<SiteService, IReadOnlyList<string>> providers = [];

    private ServiceMachines(ResolvedSite resolved)
    {
        this.resolved = resolved;
        var site = resolved.Site;
        CanonServers = site.Settings.Dns.Servers.Count > 0
            ? site.Settings.Dns.Servers.Distinct(StringComparer.Ordinal).ToList()
            : site.Domains.SelectMany(d => d.Nameservers).Distinct(StringComparer.Ordinal).ToList();
        // One walk over the instances for every service (a site has tens of thousands of instances
        // and a handful of roles that provide something).
        var servicesOf = new Dictionary<string, IReadOnlyList<SiteService>>(StringComparer.Ordinal);
        foreach (var role in site.Roles)
        {
            if (role.Provides.Count > 0)
            {
                servicesOf[role.Name] = role.Provides;
            }
        }

        var machines = new Dictionary<SiteService, HashSet<string>>();
        if (servicesOf.Count > 0)
        {
            foreach (var constellation in resolved.Constellations)
            {
                foreach (var instance in constellation.Instances)
                {
                    if (servicesOf.TryGetValue(instance.Role, out var services))
                    {
                        foreach (var service in services)
                        {
                            if (!machines.TryGetValue(service, out var set))
                            {
                                machines[service] = set = new HashSet<string>(StringComparer.Ordinal);
                            }

                            set.Add(instance.Machine);
                        }
                    }
                }
            }
        }

        foreach (var service in Enum.GetValues<SiteService>())
        {
            providers[service] = machines.TryGetValue(service, out var set) ? set.Order(StringComparer.Ordinal).ToList() : [];
        }
    }

    /// <summary>Worked out once per resolved site: five emitters and a rule ask.</summary>
    public static ServiceMachines Of(ResolvedSite resolved) =>
        Cache.GetValue(resolved, r => new Lazy<ServiceMachines>(() => new ServiceMachines(r))).Value;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ResolvedSite, Lazy<ServiceMachines>> Cache = new();

    /// <summary>The servers of the canon domain and the reverse zones: <c>dns.servers</c>, else every domain's nameservers.</summary>
    public IReadOnlyList<string> CanonServers { get; }

    /// <summary>The servers of a site domain: its own <c>nameservers</c>, else the canon domain's.</summary>
    public IReadOnlyList<string> ServersOf(Domain domain) =>
        domain.Nameservers.Count > 0 ? domain.Nameservers.Distinct(StringComparer.Ordinal).ToList() : CanonServers;

    /// <summary>The machines a role providing <paramref name="service"/> is placed on, sorted.</summary>
    public IReadOnlyList<string> Providing(SiteService service) => providers[service];

    /// <summary>
    /// Whether Elenta installs files on the machine: a host unless its driver is <c>none</c>
    /// (a cable modem, a switch's management plane), and every VM and container.
    /// </summary>
    public bool IsManaged(string machine) =>
        resolved.Site.Cadaster.Hosts[machine] is not { } host || host.Driver != DriverKind.None;
}
