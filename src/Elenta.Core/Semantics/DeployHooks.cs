using System.Runtime.CompilerServices;
using Elenta.Core.Model;

namespace Elenta.Core.Semantics;

/// <summary>A hook command of a role, as it runs on one machine.</summary>
public sealed record RoleCommand(string Role, string Command);

/// <summary>A health check of a role, as it runs for one machine.</summary>
public sealed record RoleHealthCheck(string Role, HealthCheck Check);

/// <summary>Why a machine is deployed after another: a role on it names that machine, or a role of it, in <c>after:</c>.</summary>
public sealed record DeployEdge(string Before, string After, string Role, DeployAfter Entry);

/// <summary>
/// What deploying one machine involves beyond its files: the backup and restore commands and the
/// health checks of the roles placed on it (in the order of its roles, each role once), and the
/// machines deployed before it.
/// </summary>
public sealed record MachineHooks(string Machine, IReadOnlyList<RoleCommand> Backup, IReadOnlyList<RoleCommand> Restore, IReadOnlyList<RoleHealthCheck> Health, IReadOnlyList<DeployEdge> After)
{
    public static MachineHooks None(string machine) => new(machine, [], [], [], []);

    public bool IsEmpty => Backup.Count == 0 && Restore.Count == 0 && Health.Count == 0 && After.Count == 0;
}

/// <summary>
/// The roles' deploy hooks per machine, and the deploy order their <c>after:</c> lists make: one
/// answer for the deployer and for the analysis (EL9252 unknown names, EL9253 cycles). A name in
/// <c>after:</c> is a role when the site has a role of that name (every machine it is placed on),
/// else a machine (a host or a guest, by name or canon name). A machine never waits for itself.
/// Built once per resolved site; a site without hooks costs one pass over its roles.
/// </summary>
public sealed class DeployHooks
{
    private static readonly ConditionalWeakTable<ResolvedSite, DeployHooks> Cache = new();

    private readonly ResolvedSite site;
    private readonly Dictionary<string, MachineHooks> byMachine = new(StringComparer.Ordinal);

    private DeployHooks(ResolvedSite site)
    {
        this.site = site;
        var hooked = site.Site.Roles.Where(r => r.Backup.Count > 0 || r.Restore.Count > 0 || r.Health.Count > 0 || r.After.Count > 0).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        if (hooked.Count == 0)
        {
            return;
        }

        // Role -> the machines it runs on, only for the roles after: names (and the hooked ones).
        var named = site.Site.Roles.SelectMany(r => r.After).Select(a => a.Name).Where(n => site.Site.Roles[n] is not null).ToHashSet(StringComparer.Ordinal);
        var machinesOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var view in site.Machines)
        {
            var roles = view.Roles.Select(r => r.Role).Distinct(StringComparer.Ordinal).ToList();
            foreach (var role in roles.Where(named.Contains))
            {
                if (!machinesOf.TryGetValue(role, out var list))
                {
                    machinesOf[role] = list = [];
                }

                list.Add(view.Name);
            }
        }

        foreach (var view in site.Machines)
        {
            var roles = view.Roles.Select(r => r.Role).Distinct(StringComparer.Ordinal).Where(hooked.Contains).Select(r => site.Site.Roles[r]).OfType<Role>().ToList();
            if (roles.Count == 0)
            {
                continue;
            }

            var after = new List<DeployEdge>();
            foreach (var role in roles)
            {
                foreach (var entry in role.After)
                {
                    var before = machinesOf.TryGetValue(entry.Name, out var ms) ? ms
                        : site.Site.Roles[entry.Name] is not null ? []
                        : MachineNamed(entry.Name) is { } m ? [m] : [];
                    after.AddRange(before.Where(b => b != view.Name).Select(b => new DeployEdge(b, view.Name, role.Name, entry)));
                }
            }

            byMachine[view.Name] = new MachineHooks(view.Name,
                roles.SelectMany(r => r.Backup.Select(c => new RoleCommand(r.Name, c))).ToList(),
                roles.SelectMany(r => r.Restore.Select(c => new RoleCommand(r.Name, c))).ToList(),
                roles.SelectMany(r => r.Health.Select(h => new RoleHealthCheck(r.Name, h))).ToList(),
                after);
        }
    }

    public static DeployHooks Of(ResolvedSite site) => Cache.GetValue(site, s => new DeployHooks(s));

    /// <summary>The machine's hooks (none when no role on it has any).</summary>
    public MachineHooks For(string machine) => byMachine.GetValueOrDefault(machine) ?? MachineHooks.None(machine);

    /// <summary>The machine an <c>after:</c> name means when it is no role: a machine's name or canon name; null when none.</summary>
    public string? MachineNamed(string name)
    {
        if (site.Machines[name] is not null)
        {
            return name;
        }

        var relative = site.Names.Relative(name);
        return site.Machines[relative] is not null ? relative : null;
    }

    /// <summary>
    /// Every cycle of the deploy order, each once: the edges around it, starting from the machine
    /// that comes first in the site. Found by Tarjan's strongly connected components, then a walk
    /// inside each component until it comes back to a machine it passed.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<DeployEdge>> Cycles()
    {
        var edges = byMachine.Values.SelectMany(h => h.After).ToList();
        if (edges.Count == 0)
        {
            return [];
        }

        // successors: machine -> the edges from it (Before -> After)
        var next = edges.GroupBy(e => e.Before, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var order = site.Machines.Select((m, i) => (m.Name, i)).GroupBy(x => x.Name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();
        var counter = 0;

        void Connect(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var e in next.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(e.After))
                {
                    Connect(e.After);
                    low[v] = Math.Min(low[v], low[e.After]);
                }
                else if (onStack.Contains(e.After))
                {
                    low[v] = Math.Min(low[v], index[e.After]);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                if (component.Count > 1)
                {
                    components.Add(component);
                }
            }
        }

        foreach (var v in next.Keys.OrderBy(k => order.GetValueOrDefault(k, int.MaxValue)).ThenBy(k => k, StringComparer.Ordinal))
        {
            if (!index.ContainsKey(v))
            {
                Connect(v);
            }
        }

        var cycles = new List<IReadOnlyList<DeployEdge>>();
        foreach (var component in components)
        {
            var inside = component.ToHashSet(StringComparer.Ordinal);
            var at = component.OrderBy(k => order.GetValueOrDefault(k, int.MaxValue)).ThenBy(k => k, StringComparer.Ordinal).First();
            var walk = new List<DeployEdge>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            while (!seen.ContainsKey(at))
            {
                seen[at] = walk.Count;
                var edge = next[at].Where(e => inside.Contains(e.After)).OrderBy(e => order.GetValueOrDefault(e.After, int.MaxValue)).First();
                walk.Add(edge);
                at = edge.After;
            }

            cycles.Add(walk.Skip(seen[at]).ToList());
        }

        return cycles;
    }
}
