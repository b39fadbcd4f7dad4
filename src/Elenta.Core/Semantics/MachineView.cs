using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics;

/// <summary>One address of a machine, with the DNS name it answers to.</summary>
public sealed record ViewAddress(string Fqdn, string Network, IpAddress Ip, string? Interface, MacAddress? Mac, bool Primary, string Source)
{
    /// <summary>A switch's management address as the canon zone names it (a switch is no machine of the site, but it has this one address).</summary>
    public static ViewAddress OfSwitch(CanonName name) => new(name.Fqdn, name.Network, name.Ip, null, null, true, "switch");
}

/// <summary>A role as placed on one machine, with every option's value (extraOpts, else the default).</summary>
public sealed record ViewRole(string Instance, string Role, string Constellation, InstanceKind Kind, IReadOnlyDictionary<string, object?> Options);

/// <summary>
/// What one machine (a host, a VM or a container) is, after resolution: its roles merged, option
/// values with defaults, its addresses, and what it hosts. Emitted as JSON for NixOS configurations.
/// </summary>
public sealed record MachineView(
    string Name,
    InstanceKind Kind,
    string? Host,
    IReadOnlyList<ViewRole> Roles,
    IReadOnlyList<ViewAddress> Addresses,
    int? Cpus,
    ByteSize? Memory,
    ByteSize? Disk,
    IReadOnlyList<string> Guests,
    IReadOnlyList<string> Constellations);

/// <summary>An instance as the rest of its constellation sees it, for static service discovery.</summary>
public sealed record ViewInstance(
    string Name,
    string Role,
    InstanceKind Kind,
    string Host,
    string Machine,
    string? Fqdn,
    IReadOnlyList<ViewAddress> Addresses,
    IReadOnlyDictionary<string, object?> Options,
    IReadOnlyList<Service> Services);

public sealed record ConstellationView(string Name, string? Domain, string? RedirectBareTo, IReadOnlyList<ViewInstance> Instances);

/// <summary>The site after resolution: every machine's view and every constellation's directory.</summary>
public sealed record ResolvedSite(Site Site, NamedMapOfViews Machines, IReadOnlyList<ConstellationView> Constellations)
{
    /// <summary>Every machine's names and the address each has (built once per site, shared with analysis).</summary>
    public SiteNames Names => SiteNames.Of(Site);
}

/// <summary>Machine views by name (hosts first, then guests, each in definition order).</summary>
public sealed class NamedMapOfViews(IReadOnlyList<MachineView> views) : IReadOnlyList<MachineView>
{
    private readonly Dictionary<string, MachineView> byName = FirstByName(views);

    public MachineView? this[string name] => byName.GetValueOrDefault(name);

    public MachineView this[int index] => views[index];

    public int Count => views.Count;

    public IEnumerator<MachineView> GetEnumerator() => views.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Each name's first view (a guest placed by two constellations has two).</summary>
    private static Dictionary<string, MachineView> FirstByName(IReadOnlyList<MachineView> views)
    {
        var byName = new Dictionary<string, MachineView>(views.Count, StringComparer.Ordinal);
        foreach (var view in views)
        {
            byName.TryAdd(view.Name, view);
        }

        return byName;
    }
}
