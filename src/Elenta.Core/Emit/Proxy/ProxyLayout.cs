using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Proxy;

/// <summary>
/// Which server blocks each machine's nginx gets. The reverse proxy runs on the machine of the
/// service it fronts (the journal's choice), so every block forwards to its own machine's canon
/// address. Machines and blocks are sorted, so the same site gives the same plan.
/// </summary>
public sealed record ProxyLayout(IReadOnlyDictionary<string, IReadOnlyList<ProxyServer>> ServersByMachine)
{
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

        foreach (var constellation in site.Constellations)
        {
            // Where each proxy entry name is served in this constellation, for the bare-domain redirect.
            var servedAt = new Dictionary<string, (string Machine, int Port, string ServerName)>(StringComparer.Ordinal);
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
                if (names.AddressOf(machine) is not { } ip)
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

                    servedAt.TryAdd(entry.Name, (machine, entry.FrontendPort, serverName));
                    var upstream = new ProxyUpstream(ip, entry.Port.From, names.CanonFqdn(machine), entry.Websocket);
                    var comment = $"{serverName}: role {role.Name}, instance {instance.Name} of constellation {constellation.Name}";
                    Add(byMachine, machine, new ForwardingServer(serverName, new NginxListen(entry.FrontendPort), comment, upstream));
                }
            }

            AddBareRedirect(constellation, servedAt, byMachine);
        }

        var sorted = new SortedDictionary<string, IReadOnlyList<ProxyServer>>(StringComparer.Ordinal);
        foreach (var (machine, servers) in byMachine)
        {
            sorted[machine] = servers.OrderBy(s => s.ServerName, StringComparer.Ordinal).ThenBy(s => s.Listen.Port).ToList();
        }

        return new ProxyLayout(sorted);
    }

    private static void AddBareRedirect(Constellation constellation, Dictionary<string, (string Machine, int Port, string ServerName)> servedAt,
        SortedDictionary<string, List<ProxyServer>> byMachine)
    {
        if (constellation is not { RedirectBareTo: { } target, Domain: { } domain })
        {
            return;
        }

        if (!servedAt.TryGetValue(target, out var at))
        {
            return; // EL5012
        }

        var comment = $"{domain}: bare domain of constellation {constellation.Name}, redirected to {at.ServerName}";
        Add(byMachine, at.Machine, new BareRedirectServer(domain, new NginxListen(at.Port), comment, at.ServerName));
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
