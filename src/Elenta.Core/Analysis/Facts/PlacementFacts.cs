using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Facts;

/// <summary>One instance as placed: where (constellation, host), what (role), and on which machine it runs.</summary>
internal sealed record PlacedInstance(Constellation Constellation, Instance Instance, Role Role, Host Host)
{
    /// <summary>VMs, and containers with an address of their own, are machines of their own; the rest share the host.</summary>
    public bool IsOwnMachine => Instance.Kind == InstanceKind.Vm || Instance.Kind == InstanceKind.Container && Instance.Address is not null;

    /// <summary>The machine whose network namespace (ports) and filesystem (mounts) the instance lives in.</summary>
    public string Machine => IsOwnMachine ? Instance.Name : Instance.Host;

    /// <summary>The machine as a key: a guest and a host may share a name without being one machine. A pair, not a string made per call.</summary>
    public (bool Guest, string Name) MachineKey => IsOwnMachine ? (true, Instance.Name) : (false, Instance.Host);

    public string Name => Instance.Name;

    /// <summary>The position in <see cref="PlacementFacts.Placed"/>: definition order across roles.</summary>
    public int Order { get; init; }

    public Location KeyLocation => Instance.Node.KeyAt();

    /// <summary>"'barge' (vm on dragon-of-perdition, constellation emerald-city)".</summary>
    public string Describe() => Instance.Kind switch
    {
        InstanceKind.Host => $"'{Instance.Name}' (role {Role.Name} on {Instance.Host}, constellation {Constellation.Name})",
        InstanceKind.Vm => $"'{Instance.Name}' (VM on {Instance.Host}, constellation {Constellation.Name})",
        _ => $"'{Instance.Name}' (container on {Instance.Host}, constellation {Constellation.Name})",
    };
}

/// <summary>What the placement rules share: every placed instance, and the resources each one takes.</summary>
internal static class PlacementFacts
{
    // Rules run in parallel over one site; the placement list is built once per site and shared.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Site, IReadOnlyList<PlacedInstance>> PlacedCache = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Site, IReadOnlyList<PlacedInstance>> RunningCache = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Site, IReadOnlyDictionary<string, List<PlacedInstance>>> ByRoleCache = new();

    /// <summary>Every instance of the analysed constellations whose role and host exist, in definition order.</summary>
    public static IReadOnlyList<PlacedInstance> Placed(Site site) => PlacedCache.GetValue(site, Build);

    /// <summary>Placed instances, the same role on the same host itself counted once (see the overload).</summary>
    public static IReadOnlyList<PlacedInstance> DistinctRunning(Site site) => RunningCache.GetValue(site, s => DistinctRunning(Placed(s)).ToList());

    /// <summary>
    /// The placed instances of each placed role (by role name), each list in definition order. Rules
    /// about what a role declares (proxy entries, metrics, dashboard entries) look at the few roles
    /// that declare it and their instances, instead of every instance of the site.
    /// </summary>
    public static IReadOnlyDictionary<string, List<PlacedInstance>> ByRole(Site site) => ByRoleCache.GetValue(site, s =>
    {
        var byRole = new Dictionary<string, List<PlacedInstance>>(StringComparer.Ordinal);
        foreach (var p in Placed(s))
        {
            if (!byRole.TryGetValue(p.Role.Name, out var list))
            {
                byRole[p.Role.Name] = list = [];
            }

            list.Add(p);
        }

        return byRole;
    });

    private static IReadOnlyList<PlacedInstance> Build(Site site)
    {
        var list = new List<PlacedInstance>();
        foreach (var constellation in site.Constellations)
        {
            foreach (var instance in constellation.Instances)
            {
                if (site.Roles[instance.Role] is { } role && site.Cadaster.Hosts[instance.Host] is { } host)
                {
                    list.Add(new PlacedInstance(constellation, instance, role, host) { Order = list.Count });
                }
            }
        }

        return list;
    }

    /// <summary>
    /// Roles placed on the host itself merge into one configuration: the same role placed twice
    /// (by two constellations, say) runs once. Guests always count one by one.
    /// </summary>
    public static IEnumerable<PlacedInstance> DistinctRunning(IEnumerable<PlacedInstance> placed)
    {
        var seen = new HashSet<(string Host, string Role)>();
        foreach (var p in placed)
        {
            if (p.Instance.Kind != InstanceKind.Host || seen.Add((p.Instance.Host, p.Role.Name)))
            {
                yield return p;
            }
        }
    }

    /// <summary>A resource the instance takes, and where that number was written (instance first, else role).</summary>
    public static (long Amount, Location Where)? Takes(PlacedInstance p, ResourceKind kind)
    {
        var own = Amount(p.Instance.Resources, kind);
        if (own is not null)
        {
            return (own.Value, FieldAt(p.Instance.Resources!.Node, kind) ?? p.KeyLocation);
        }

        var fromRole = Amount(p.Role.Resources, kind);
        return fromRole is null ? null : (fromRole.Value, FieldAt(p.Role.Resources.Node, kind) ?? p.KeyLocation);
    }

    public static string Format(ResourceKind kind, double amount) => kind == ResourceKind.Cpu
        ? amount.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " CPUs"
        : new ByteSize((long)amount).ToString();

    /// <summary>A resource the instance takes (instance first, else role), without looking up where it was written.</summary>
    public static long? Amount(PlacedInstance p, ResourceKind kind) => Amount(p.Instance.Resources, kind) ?? Amount(p.Role.Resources, kind);

    private static long? Amount(Resources? r, ResourceKind kind) => r is null ? null : kind switch
    {
        ResourceKind.Cpu => r.Cpus,
        ResourceKind.Memory => r.Memory?.Bytes,
        _ => r.Disk?.Bytes,
    };

    private static Location? FieldAt(MergedNode? node, ResourceKind kind) =>
        node is MergedMapping m && m[FieldName(kind)] is { } field ? field.Location : null;

    public static string FieldName(ResourceKind kind) => kind switch
    {
        ResourceKind.Cpu => "cpus",
        ResourceKind.Memory => "memory",
        _ => "disk",
    };
}

internal enum ResourceKind
{
    Cpu,
    Memory,
    Disk,
}
