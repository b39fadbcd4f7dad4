using Elenta.Core.Diagnostics;
using Elenta.Core.Merging;
using Elenta.Core.Model;

namespace Elenta.Core.Semantics;

/// <summary>
/// Gives every machine its view: roles merged from every constellation that places something on it,
/// option values with defaults, addresses, guests; and each constellation its directory of instances.
/// Roles whose configurations contradict each other on one machine are an error naming both.
/// </summary>
public sealed class Resolver
{
    private static readonly IReadOnlyDictionary<string, object?> NoOptions = new Dictionary<string, object?>(StringComparer.Ordinal);

    private readonly Site site;
    private readonly DiagnosticBag diagnostics;

    /// <summary>Each host's canon and BMC addresses, computed once: every host-level instance and the host's own view share them.</summary>
    private readonly Dictionary<string, IReadOnlyList<ViewAddress>> hostAddresses = new(StringComparer.Ordinal);

    private readonly SiteNames names;

    private Resolver(Site site, DiagnosticBag diagnostics)
    {
        this.site = site;
        this.diagnostics = diagnostics;
        names = SiteNames.Of(site);
    }

    public static ResolvedSite Resolve(Site site, DiagnosticBag diagnostics) => new Resolver(site, diagnostics).Run();

    private ResolvedSite Run()
    {
        var rolesByMachine = new Dictionary<string, List<(ViewRole View, Instance Instance)>>(StringComparer.Ordinal);
        // Most machines are in one constellation: a list each, sorted and made distinct at the end when longer.
        var constellationsByMachine = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var guestsByHost = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var guestViews = new List<MachineView>();
        var constellationViews = new List<ConstellationView>();

        foreach (var constellation in site.Constellations)
        {
            var seen = new Dictionary<string, Instance>(StringComparer.Ordinal);
            var instances = new List<ViewInstance>();
            foreach (var instance in constellation.Instances)
            {
                if (seen.TryGetValue(instance.Name, out var first))
                {
                    diagnostics.Add(Messages.DuplicateInstanceError(instance.Node.KeyAt(), constellation.Name, instance.Name, first.Node.KeyAt()));
                    continue;
                }

                seen[instance.Name] = instance;
                var role = site.Roles[instance.Role];
                var options = OptionsOf(instance, role);
                var view = new ViewRole(instance.Name, instance.Role, constellation.Name, instance.Kind, options);
                var machine = instance.Machine;
                Add(rolesByMachine, machine, (view, instance));
                AddOnce(constellationsByMachine, machine, constellation.Name);
                if (instance.Host != machine)
                {
                    AddOnce(constellationsByMachine, instance.Host, constellation.Name);
                }

                IReadOnlyList<ViewAddress> addresses;
                if (instance.Kind == InstanceKind.Host)
                {
                    addresses = HostAddresses(instance.Host);
                }
                else
                {
                    addresses = GuestAddresses(instance);
                    Add(guestsByHost, instance.Host, instance.Name);
                    var res = instance.Resources ?? role?.Resources ?? Resources.None;
                    guestViews.Add(new MachineView(instance.Name, instance.Kind, instance.Host, [], addresses,
                        res.Cpus ?? role?.Resources.Cpus, res.Memory ?? role?.Resources.Memory, res.Disk ?? role?.Resources.Disk, [], [constellation.Name]));
                }

                var fqdn = names.InstanceFqdn(constellation, instance);
                instances.Add(new ViewInstance(instance.Name, instance.Role, instance.Kind, instance.Host, machine, fqdn, addresses, options,
                    (IReadOnlyList<Service>?)role?.Services ?? []));
            }

            constellationViews.Add(new ConstellationView(constellation.Name, constellation.Domain, constellation.RedirectBareTo, instances));
        }

        var views = new List<MachineView>();
        foreach (var host in site.Cadaster.Hosts)
        {
            views.Add(new MachineView(host.Name, InstanceKind.Host, null,
                rolesByMachine.TryGetValue(host.Name, out var roles) ? roles.Select(r => r.View).ToList() : [],
                HostAddresses(host.Name), host.Hardware.Cpus, host.Hardware.Memory, host.Hardware.Disk,
                guestsByHost.TryGetValue(host.Name, out var guests) ? guests : [],
                constellationsByMachine.TryGetValue(host.Name, out var cs) ? SortedDistinct(cs) : []));
        }

        foreach (var guest in guestViews)
        {
            var roles = rolesByMachine.TryGetValue(guest.Name, out var r) ? r.Select(x => x.View).ToList() : [];
            views.Add(guest with { Roles = roles, Constellations = constellationsByMachine.TryGetValue(guest.Name, out var cs) ? SortedDistinct(cs) : guest.Constellations });
        }

        foreach (var (machine, roles) in rolesByMachine)
        {
            CheckContradictions(machine, roles);
        }

        return new ResolvedSite(site, new NamedMapOfViews(views), constellationViews);
    }

    private static IReadOnlyDictionary<string, object?> OptionsOf(Instance instance, Role? role)
    {
        if (role is null || role.Options.Count == 0)
        {
            return NoOptions; // most roles declare none: one shared empty map, not one per instance
        }

        if (instance.ExtraOpts.Count == 0)
        {
            return Defaults.GetValue(role, r => WithDefaults(NoOptions, r)); // most instances: the role's own defaults, one map per role
        }

        return WithDefaults(instance.ExtraOpts, role);
    }

    /// <summary>Each role's options at their defaults, shared by the instances that set none (read-only, as every option map).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Role, IReadOnlyDictionary<string, object?>> Defaults = new();

    private static Dictionary<string, object?> WithDefaults(IReadOnlyDictionary<string, object?> given, Role role)
    {
        // In the role's declaration order (deterministic); JSON output sorts the keys itself.
        var result = new Dictionary<string, object?>(role.Options.Count, StringComparer.Ordinal);
        foreach (var option in role.Options)
        {
            result[option.Name] = given.TryGetValue(option.Name, out var v) ? v : option.Default;
        }

        return result;
    }

    private IReadOnlyList<ViewAddress> HostAddresses(string hostName)
    {
        if (!hostAddresses.TryGetValue(hostName, out var addresses))
        {
            addresses = ComputeHostAddresses(hostName);
            hostAddresses[hostName] = addresses;
        }

        return addresses;
    }

    private IReadOnlyList<ViewAddress> ComputeHostAddresses(string hostName)
    {
        var host = site.Cadaster.Hosts[hostName];
        if (host is null)
        {
            return [];
        }

        var primary = host.PrimaryAddress;
        var list = new List<ViewAddress>();
        foreach (var name in names.Of(hostName))
        {
            if (name is { Kind: CanonNameKind.CanonAddress, Address: { } address })
            {
                var mac = address.Interface is { } i ? host.Interfaces[i]?.Mac : null;
                list.Add(new ViewAddress(name.Fqdn, name.Network, name.Ip, address.Interface, mac, ReferenceEquals(address, primary), "canon"));
            }
            else if (name.Kind == CanonNameKind.Bmc)
            {
                list.Add(new ViewAddress(name.Fqdn, name.Network, name.Ip, null, host.Bmc?.Mac, false, "bmc"));
            }
        }

        return list;
    }

    private IReadOnlyList<ViewAddress> GuestAddresses(Instance instance) =>
        instance.Address is { } a ? [new ViewAddress(names.CanonFqdn(instance.Name), a.Network, a.Ip, "eth0", instance.Mac, true, instance.Kind == InstanceKind.Vm ? "vm" : "container")] : [];

    /// <summary>
    /// Merging roles onto one machine fails when the same role is placed twice with different option
    /// values, or when two roles' config.settings set one value differently.
    /// </summary>
    private void CheckContradictions(string machine, List<(ViewRole View, Instance Instance)> roles)
    {
        for (var i = 0; i < roles.Count; i++)
        {
            for (var j = i + 1; j < roles.Count; j++)
            {
                var (a, ai) = roles[i];
                var (b, bi) = roles[j];
                if (a.Role == b.Role)
                {
                    foreach (var (key, value) in a.Options)
                    {
                        var other = b.Options.GetValueOrDefault(key);
                        if (!ValuesEqual(value, other))
                        {
                            diagnostics.Add(Messages.ContradictoryRolesError(bi.Node.KeyAt(), machine, $"options.{key}", $"{a.Role} ({a.Instance})", Binder.Format(value),
                                $"{b.Role} ({b.Instance})", Binder.Format(other), ai.Node.KeyAt()));
                        }
                    }
                }
                else if (site.Roles[a.Role]?.Config.Settings is { } sa && site.Roles[b.Role]?.Config.Settings is { } sb)
                {
                    CompareSettings(machine, sa, sb, a.Role, b.Role);
                }
            }
        }
    }

    private void CompareSettings(string machine, MergedNode a, MergedNode b, string roleA, string roleB)
    {
        switch (a, b)
        {
            case (MergedMapping ma, MergedMapping mb):
                foreach (var (key, child) in ma.Entries)
                {
                    if (mb[key] is { } other)
                    {
                        CompareSettings(machine, child, other, roleA, roleB);
                    }
                }

                break;
            case (MergedScalar sa, MergedScalar sb) when sa.Text != sb.Text:
                var path = RelativePath(sa);
                diagnostics.Add(Messages.ContradictoryRolesError(sb.Location, machine, path, roleA, $"'{sa.Text}'", roleB, $"'{sb.Text}'", sa.Location));
                break;
            case (MergedSequence, MergedSequence):
                break; // lists concatenate
            default:
                if (a.GetType() != b.GetType())
                {
                    diagnostics.Add(Messages.ContradictoryRolesError(b.Location, machine, RelativePath(a), roleA, a.KindName, roleB, b.KindName, a.Location));
                }

                break;
        }
    }

    private static string RelativePath(MergedNode node)
    {
        var full = node.Path;
        var idx = full.IndexOf(".config.settings.", StringComparison.Ordinal);
        return idx >= 0 ? "config.settings." + full[(idx + ".config.settings.".Length)..] : full;
    }

    private static bool ValuesEqual(object? a, object? b) => Binder.Format(a) == Binder.Format(b);

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(value);
    }

    /// <summary>Adds a value unless it is the last one added for the key (a constellation's instances come one after another).</summary>
    private static void AddOnce(Dictionary<string, List<string>> map, string key, string value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = [value];
            return;
        }

        if (list[^1] != value)
        {
            list.Add(value);
        }
    }

    /// <summary>The values in ordinal order, each once (what a sorted set gives).</summary>
    private static List<string> SortedDistinct(List<string> values)
    {
        if (values.Count == 1)
        {
            return values;
        }

        return new SortedSet<string>(values, StringComparer.Ordinal).ToList();
    }
}
