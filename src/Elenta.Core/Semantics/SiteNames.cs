using System.Runtime.CompilerServices;
using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics;

/// <summary>
/// The one answer to "what are this machine's names, and which address does a name have". The
/// policy, in the canon domain (<c>canonDomain</c>, say <c>canon</c>):
/// <list type="bullet">
/// <item>a host with a canon address is <c>host.canon</c>, at its primary address (the one marked
/// primary, else the first), and that address's PTR points back at <c>host.canon</c>;</item>
/// <item>each canon address is <c>label.host.canon</c>; the PTR of every address but the primary
/// points at it;</item>
/// <item>a BMC is <c>label.host.canon</c> with the BMC's label (<c>drac.btg.canon</c>);</item>
/// <item>a VM or container with an address is <c>guest.canon</c>;</item>
/// <item>a switch with a management address is <c>switch.canon</c>.</item>
/// </list>
/// In a constellation's domain, each instance whose machine has a canon name is
/// <c>instance.domain</c>, and each subdomain its role proxies is <c>subdomain.domain</c>: CNAMEs to
/// the machine's canon name. The DNS zones, analysis, known_hosts, DHCP, netboot, lookup and the
/// views all read names from here. Built once per site, from the bound site alone, so analysis can
/// build it while the site resolves.
/// </summary>
public sealed class SiteNames
{
    private static readonly ConditionalWeakTable<Site, Lazy<SiteNames>> Cache = new();

    private readonly List<CanonName> canon = [];
    private readonly Lazy<List<DomainName>> inDomains;

    // Each machine's names are consecutive in the canon list: a range per machine, not a list per machine.
    private readonly Dictionary<string, (int Start, int Count)> byMachine = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CanonName> bareByMachine = new(StringComparer.Ordinal);
    private readonly Lazy<ILookup<string, CanonName>> byRelativeName;
    private readonly Lazy<ILookup<string, DomainName>> domainNamesByMachine;
    private readonly Lazy<ILookup<Instance, DomainName>> domainNamesByInstance;
    private readonly string suffix;

    private SiteNames(Site site)
    {
        CanonDomain = site.Settings.CanonDomain;
        suffix = InCanon(string.Empty, CanonDomain);
        foreach (var host in site.Cadaster.Hosts)
        {
            var start = canon.Count;
            var primary = host.PrimaryAddress;
            if (primary is not null)
            {
                Add(host.Name, CanonNameKind.Host, host.Name, primary.Ip, primary.Network, true, host.Node, primary, null);
            }

            foreach (var address in host.Canon)
            {
                Add($"{address.Name}.{host.Name}", CanonNameKind.CanonAddress, host.Name, address.Ip, address.Network, !ReferenceEquals(address, primary), address.Node, address, null);
            }

            if (host.Bmc is { } bmc)
            {
                Add($"{bmc.Label}.{host.Name}", CanonNameKind.Bmc, host.Name, bmc.Ip, bmc.Network, true, bmc.Node, null, null);
            }

            Claim(host.Name, start);
        }

        foreach (var constellation in site.Constellations)
        {
            foreach (var instance in constellation.Instances)
            {
                if (instance.Kind != InstanceKind.Host && instance.Address is { } address)
                {
                    var start = canon.Count;
                    var kind = instance.Kind == InstanceKind.Vm ? CanonNameKind.Vm : CanonNameKind.Container;
                    Add(instance.Name, kind, instance.Name, address.Ip, address.Network, true, instance.Node, null, constellation.Name);
                    Claim(instance.Name, start);
                }
            }
        }

        foreach (var sw in site.Cadaster.Switches)
        {
            if (sw.Management is { } management)
            {
                var start = canon.Count;
                Add(sw.Name, CanonNameKind.Switch, sw.Name, management.Ip, management.Network, true, sw.Node, null, null);
                Claim(sw.Name, start);
            }
        }

        // The constellation domains' names are not needed to resolve the site (the canon ones are):
        // they are made when first asked for, by the analysis beside the resolution, or a build.
        inDomains = new(() => DomainNames(site));
        byRelativeName = new(() => canon.ToLookup(n => n.Relative, StringComparer.OrdinalIgnoreCase));
        domainNamesByMachine = new(() => inDomains.Value.ToLookup(n => n.Instance.Machine, StringComparer.Ordinal));
        domainNamesByInstance = new(() => inDomains.Value.ToLookup<DomainName, Instance>(n => n.Instance, ReferenceEqualityComparer.Instance));
    }

    private List<DomainName> DomainNames(Site site)
    {
        var inDomains = new List<DomainName>();
        foreach (var constellation in site.Constellations)
        {
            if (constellation.Domain is not { } domain)
            {
                continue;
            }

            foreach (var instance in constellation.Instances)
            {
                if (BareName(instance.Machine) is not { } target)
                {
                    continue; // a CNAME to a name the canon zone does not publish would dangle
                }

                inDomains.Add(new DomainName(instance.Name, domain, InDomain(instance.Name, domain), DomainNameKind.Instance, instance, constellation.Name, instance.Role, target.Fqdn));
                foreach (var proxy in site.Roles[instance.Role]?.Proxy ?? NamedMap<ProxyEntry>.Empty)
                {
                    inDomains.Add(new DomainName(proxy.Name, domain, InDomain(proxy.Name, domain), DomainNameKind.Proxy, instance, constellation.Name, instance.Role, target.Fqdn));
                }
            }
        }

        return inDomains;
    }

    /// <summary>
    /// The name an instance has in its constellation's domain, as <see cref="InDomainsOf(Instance)"/>
    /// lists it (null when the constellation has no domain, or the machine no canon name), without
    /// making every domain name: the resolution asks for each instance.
    /// </summary>
    public string? InstanceFqdn(Constellation constellation, Instance instance) =>
        constellation.Domain is { } domain && BareName(instance.Machine) is not null ? InDomain(instance.Name, domain) : null;

    private static string InDomain(string label, string domain) => $"{label}.{domain}";

    /// <summary>The canon domain as the site writes it.</summary>
    public string CanonDomain { get; }

    /// <summary>
    /// Every name the canon zone publishes: hosts (each host's bare name, its canon addresses, its
    /// BMC), then guests, then switches; a machine's own name is the first of its names. A guest
    /// placed by two constellations is here twice.
    /// </summary>
    public IReadOnlyList<CanonName> Canon => canon;

    /// <summary>Every generated name in a constellation's domain, by constellation, instance, then the instance's proxied subdomains.</summary>
    public IReadOnlyList<DomainName> InDomains => inDomains.Value;

    public static SiteNames Of(Site site) => Cache.GetValue(site, s => new Lazy<SiteNames>(() => new SiteNames(s))).Value;

    /// <summary>A machine's canon names: a host's bare name, its canon addresses, its BMC; a guest's or switch's one name.</summary>
    public IReadOnlyList<CanonName> Of(string machine) =>
        byMachine.TryGetValue(machine, out var range) ? canon.GetRange(range.Start, range.Count) : [];

    /// <summary>The name of the machine itself (<c>toto.canon</c>) with its address, or null when the canon zone does not publish it.</summary>
    public CanonName? BareName(string machine) => bareByMachine.GetValueOrDefault(machine);

    /// <summary>
    /// A machine's canon name, <c>machine.canon</c> without the final dot, whether or not the zone
    /// publishes it (an NS record names its server so, published or not).
    /// </summary>
    public string CanonFqdn(string machine) => BareName(machine)?.Fqdn ?? machine + suffix;

    /// <summary>A name relative to the canon domain made whole, without the final dot: the one spelling of <c>x.canon</c>.</summary>
    public static string InCanon(string relative, string canonDomain) => relative + "." + canonDomain.TrimEnd('.');

    /// <summary>
    /// The canon names a name denotes, as the canon zone answers it: relative (<c>toto</c>,
    /// <c>kansas.ifrit</c>) or whole (<c>toto.canon</c>, with or without the final dot), in any case.
    /// Empty when the zone does not publish the name; more than one when two things claim it.
    /// </summary>
    public IEnumerable<CanonName> Named(string name) => byRelativeName.Value[Relative(name)];

    /// <summary>The generated names in constellation domains that lead to a machine (its instances and their proxied subdomains).</summary>
    public IEnumerable<DomainName> InDomainsOf(string machine) => domainNamesByMachine.Value[machine];

    /// <summary>The generated names of one instance: its own name in its constellation's domain, then its proxied subdomains.</summary>
    public IEnumerable<DomainName> InDomainsOf(Instance instance) => domainNamesByInstance.Value[instance];

    /// <summary>The address a machine is reached at, by its bare canon name: a host's primary canon address, a guest's own.</summary>
    public IpAddress? AddressOf(string machine) => BareName(machine)?.Ip;

    /// <summary>The addresses a name has in the canon zone (any form <see cref="Named"/> takes), as DNS answers them.</summary>
    public IEnumerable<IpAddress> AddressesOf(string name) => Named(name).Select(n => n.Ip).Distinct();

    /// <summary>A name relative to the canon domain: <c>toto.canon.</c> and <c>toto</c> are both <c>toto</c>.</summary>
    public string Relative(string name)
    {
        var trimmed = name.Trim().TrimEnd('.');
        return trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) ? trimmed[..^suffix.Length] : trimmed;
    }

    private void Add(string relative, CanonNameKind kind, string machine, IpAddress ip, string network, bool pointer, MergedNode node, CanonAddress? address, string? constellation)
    {
        var name = new CanonName(relative, relative + suffix, kind, machine, ip, network, pointer, node, address, constellation);
        canon.Add(name);
        if (name.IsBare)
        {
            bareByMachine.TryAdd(machine, name);
        }
    }

    /// <summary>Records a machine's range; the first machine of a name keeps it (two things of one name are an analysis error).</summary>
    private void Claim(string machine, int start)
    {
        if (canon.Count > start)
        {
            byMachine.TryAdd(machine, (start, canon.Count - start));
        }
    }
}
