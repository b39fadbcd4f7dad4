using Elenta.Core.Model;

namespace Elenta.Core.Semantics;

/// <summary>
/// What every machine's <see cref="MachineSetup"/> reads from the whole site, worked out once per
/// resolved site: the pools of each host and the datasets by name, who exports each dataset, who
/// mounts it from there, the requirement and NFS relations between machines (their peers), and
/// the input firewalls. The views emitter and the mount check (EL9222) share it.
/// </summary>
public sealed class SetupFacts
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ResolvedSite, Lazy<SetupFacts>> Cache = new();

    private readonly ResolvedSite resolved;
    private readonly Dictionary<string, List<Pool>> poolsByHost = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Pool Pool, Dataset Dataset)> datasets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Machine, Mount Mount)> exporters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> mountersOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, SortedSet<string>>> peers = new(StringComparer.Ordinal);

    private SetupFacts(ResolvedSite resolved)
    {
        this.resolved = resolved;
        var site = resolved.Site;
        foreach (var pool in site.Cadaster.Pools)
        {
            Add(poolsByHost, pool.Host, pool);
            foreach (var dataset in pool.Datasets)
            {
                datasets.TryAdd($"{pool.Name}/{dataset.Name}", (pool, dataset));
            }
        }

        // Exports first, then the mounts that reach them over NFS.
        foreach (var view in resolved.Machines)
        {
            foreach (var (_, mount) in MountsOf(view))
            {
                if (mount is { Export: true, Dataset: { } dataset })
                {
                    exporters.TryAdd(dataset, (view.Name, mount));
                }
            }
        }

        relations = new Lazy<bool>(Relate);
    }

    /// <summary>
    /// Who mounts which export, and every machine's peers (NFS and requirements): worked out when
    /// the views first ask, not for the analysis, which needs only the pools and the exports.
    /// </summary>
    private readonly Lazy<bool> relations;

    private bool Relate()
    {
        foreach (var view in resolved.Machines)
        {
            foreach (var (instance, mount) in MountsOf(view))
            {
                if (mount is { Export: false, Dataset: { } dataset } && !IsLocal(view, dataset) && exporters.TryGetValue(dataset, out var exporter) && exporter.Machine != view.Name)
                {
                    Add(mountersOf, dataset, view.Name);
                    Peer(view.Name, exporter.Machine, $"mounts {dataset} from it ({instance})");
                    Peer(exporter.Machine, view.Name, $"exports {dataset} to it");
                }
            }
        }

        foreach (var constellation in resolved.Constellations)
        {
            RequirementPeers(constellation);
        }

        return true;
    }

    /// <summary>Every machine's input firewall: the same rules its nftables file has (worked out when first asked for: check never asks).</summary>
    public InputFirewalls Inputs => InputFirewalls.Of(resolved);

    public static SetupFacts Of(ResolvedSite resolved) => Cache.GetValue(resolved, r => new Lazy<SetupFacts>(() => new SetupFacts(r))).Value;

    public Site Site => resolved.Site;

    public IReadOnlyList<Pool> PoolsOf(string host) => poolsByHost.TryGetValue(host, out var list) ? list : [];

    /// <summary>The pool and dataset a <c>pool/dataset</c> name denotes, if the cadaster has it.</summary>
    public (Pool Pool, Dataset Dataset)? Dataset(string name) => datasets.TryGetValue(name, out var d) ? d : null;

    /// <summary>The machine that exports a dataset, if any.</summary>
    public string? ExporterOf(string dataset) => exporters.TryGetValue(dataset, out var e) ? e.Machine : null;

    public IReadOnlyList<SetupPeer> PeersOf(string machine) =>
        relations.Value && peers.TryGetValue(machine, out var map)
            ? map.Select(p => new SetupPeer(p.Key, resolved.Names.CanonFqdn(p.Key), [.. p.Value])).ToList()
            : [];

    /// <summary>Whether the dataset is on a pool of the machine itself (a host's own disks; a guest has none).</summary>
    public bool IsLocal(MachineView view, string dataset) => IsLocal(view.Name, view.Kind == InstanceKind.Host, dataset);

    /// <inheritdoc cref="IsLocal(MachineView, string)"/>
    public bool IsLocal(string machine, bool isHost, string dataset) =>
        isHost && datasets.TryGetValue(dataset, out var d) && d.Pool.Host == machine;

    /// <summary>How a role's mount is set up on the machine (see <see cref="SetupMount"/>).</summary>
    public SetupMount Resolve(MachineView view, Mount m, string instance, string role)
    {
        var path = m.Path;
        if (m.Dataset is { } name)
        {
            if (IsLocal(view, name))
            {
                // ZFS mounts a dataset at its mountpoint property by itself (default /pool/dataset);
                // "legacy" leaves it to fstab. Mounted elsewhere, the dataset's own mount is bound there.
                var mountpoint = datasets[name].Dataset.Mountpoint ?? "/" + name;
                if (mountpoint == "legacy")
                {
                    return new SetupMount(path, "zfs", name, "zfs", [], name, false, null, instance, role);
                }

                return Same(mountpoint, path)
                    ? new SetupMount(path, "zfs", name, "zfs", [], name, true, null, instance, role)
                    : new SetupMount(path, "bind", mountpoint, "none", ["bind"], name, false, null, instance, role);
            }

            if (exporters.TryGetValue(name, out var exporter) && exporter.Machine != view.Name)
            {
                return new SetupMount(path, "nfs", $"{resolved.Names.CanonFqdn(exporter.Machine)}:{exporter.Mount.Path}", "nfs", [], name, false, exporter.Machine, instance, role);
            }

            return new SetupMount(path, "unresolved", null, null, [], name, false, null, instance, role);
        }

        if (m.Source is { } source)
        {
            var nfs = !source.StartsWith('/') && source.Contains(':', StringComparison.Ordinal);
            return new SetupMount(path, nfs ? "nfs" : "device", source, nfs ? "nfs" : "auto", [], null, false, nfs ? source[..source.IndexOf(':', StringComparison.Ordinal)] : null, instance, role);
        }

        return new SetupMount(path, "directory", null, null, [], null, false, null, instance, role);
    }

    /// <summary>
    /// The networks an export is for: the client networks of the exporting role's services, and the
    /// networks of the machines that mount the dataset from it.
    /// </summary>
    public IReadOnlyList<string> ExportClients(string machine, Role role, Mount mount)
    {
        var networks = new List<string>();
        foreach (var service in role.Services)
        {
            networks.AddRange(service.Clients);
        }

        if (mount.Dataset is { } dataset && relations.Value && mountersOf.TryGetValue(dataset, out var mounters))
        {
            foreach (var m in mounters)
            {
                networks.AddRange((resolved.Machines[m]?.Addresses ?? []).Where(a => a.Primary).Select(a => a.Network));
            }
        }

        return networks.Distinct(StringComparer.Ordinal).ToList();
    }

    private IEnumerable<(string Instance, Mount Mount)> MountsOf(MachineView view)
    {
        foreach (var r in view.Roles)
        {
            if (Site.Roles[r.Role] is { } role)
            {
                foreach (var mount in role.Mounts)
                {
                    yield return (r.Instance, mount);
                }
            }
        }
    }

    private void RequirementPeers(ConstellationView constellation)
    {
        List<ViewInstance>? all = null;
        foreach (var instance in constellation.Instances)
        {
            if (Site.Roles[instance.Role] is not { Requires.Count: > 0 } role)
            {
                continue;
            }

            all ??= [.. constellation.Instances];
            foreach (var requirement in role.Requires)
            {
                if (!Matches(instance.Options, requirement.When))
                {
                    continue;
                }

                foreach (var other in all)
                {
                    if (other.Role == requirement.Role && other.Machine != instance.Machine && Matches(other.Options, requirement.ExtraOpts))
                    {
                        Peer(instance.Machine, other.Machine, $"{instance.Name} requires {requirement.Role} ({other.Name})");
                        Peer(other.Machine, instance.Machine, $"{instance.Name} requires {requirement.Role} ({other.Name})");
                    }
                }
            }
        }
    }

    /// <summary>The requirement rule's comparison (EL6005): every wanted option has that value, as text.</summary>
    private static bool Matches(IReadOnlyDictionary<string, object?> options, IReadOnlyDictionary<string, object?> wanted) =>
        wanted.All(w => w.Value is string text && Binder.Format(options.GetValueOrDefault(w.Key)) == text);

    private void Peer(string machine, string peer, string reason)
    {
        if (!peers.TryGetValue(machine, out var map))
        {
            map = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            peers[machine] = map;
        }

        if (!map.TryGetValue(peer, out var reasons))
        {
            reasons = new SortedSet<string>(StringComparer.Ordinal);
            map[peer] = reasons;
        }

        reasons.Add(reason);
    }

    private static bool Same(string a, string b) => a.TrimEnd('/') == b.TrimEnd('/') || a == b;

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(value);
    }
}
