using Elenta.Core.Model;

namespace Elenta.Core.Semantics;

/// <summary>
/// The machines that have an ssh section, each once, in the order known_hosts lists and checks them:
/// hosts in the cadaster's order, then guests by name (ordinal). A guest placed in two constellations
/// is one machine; the first ssh section given is its own. Used by the known_hosts emitter and the
/// host-key rules (EL8011, EL8012), so both see the same machines with the same keys.
/// </summary>
public static class SshMachines
{
    /// <summary>Worked out once per site: two rules and the known_hosts emitter ask.</summary>
    public static IReadOnlyList<(string Machine, SshSpec Ssh)> Of(Site site) =>
        Cache.GetValue(site, s => new Lazy<IReadOnlyList<(string Machine, SshSpec Ssh)>>(() => Walk(s).ToList())).Value;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Site, Lazy<IReadOnlyList<(string Machine, SshSpec Ssh)>>> Cache = new();

    private static IEnumerable<(string Machine, SshSpec Ssh)> Walk(Site site)
    {
        foreach (var host in site.Cadaster.Hosts)
        {
            if (host.Ssh is { } ssh)
            {
                yield return (host.Name, ssh);
            }
        }

        var guests = new Dictionary<string, SshSpec>(StringComparer.Ordinal);
        foreach (var instance in site.Constellations.SelectMany(c => c.Instances))
        {
            if (instance.Kind != InstanceKind.Host && instance.Ssh is { } ssh)
            {
                guests.TryAdd(instance.Name, ssh);
            }
        }

        foreach (var (name, ssh) in guests.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            yield return (name, ssh);
        }
    }
}
