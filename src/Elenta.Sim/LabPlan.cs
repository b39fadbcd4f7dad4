using System.Globalization;
using System.Text;
using Elenta.Core.Model;
using Elenta.Core.Semantics;

namespace Elenta.Sim;

/// <summary>One interface of a lab machine: its name in the machine, MAC, network and addresses (with prefix length).</summary>
public sealed record LabInterface(string Name, string? Mac, string Network, IReadOnlyList<string> Addresses);

/// <summary>A veth of a machine: its end in the machine (named and addressed as the cadaster says) plugs into a network's bridge.</summary>
public sealed record LabNic(string Name, string? Mac, string Network);

/// <summary>
/// A device a machine makes over its NICs, as the site declares it: a <c>bond</c> (with its bond
/// <see cref="Mode"/>) or a <c>bridge</c>, over <see cref="Members"/> (NICs, or a bond under a bridge).
/// </summary>
public sealed record LabDevice(string Name, string Kind, IReadOnlyList<string> Members, string? Mode)
{
    /// <summary>The MAC it is given: its own in the cadaster, else its first member's (so a DHCP client on it asks with that MAC).</summary>
    public string? Mac { get; init; }
}

/// <summary>A machine of the lab: a host, or a guest with an address of its own.</summary>
public sealed record LabMachine(string Name, IReadOnlyList<LabInterface> Interfaces, string? DefaultGateway, bool Forwards)
{
    /// <summary>Its veths, one per NIC that leads to one of its networks (a bond's members each have one).</summary>
    public IReadOnlyList<LabNic> Nics { get; init; } = [];

    /// <summary>Its bonds and bridges, each after the devices it is made of.</summary>
    public IReadOnlyList<LabDevice> Devices { get; init; } = [];

    /// <summary>The machine's canon name (toto.canon) and its other canon names, as known_hosts lists them.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>The address the machine's bare canon name answers with: what <c>sim ssh</c> connects to.</summary>
    public string? PrimaryAddress { get; init; }
}

/// <summary>A site network: one bridge in the lab's switch namespace.</summary>
public sealed record LabNetwork(string Name, string Cidr, string? Gateway);

/// <summary>
/// What <c>sim up</c> makes, worked out from the resolved site before anything is touched: the
/// networks, the machines with their interfaces, and every kernel object's name. Every name carries
/// the lab's name (namespaces) or its tag (links, whose names the kernel caps at 15 bytes).
/// </summary>
public sealed record LabPlan(string Lab, IReadOnlyList<LabNetwork> Networks, IReadOnlyList<LabMachine> Machines)
{
    /// <summary>The namespace holding the lab's bridges (its switches).</summary>
    public string SwitchNamespace => Names.Switch(Lab);

    public string MachineNamespace(string machine) => Names.Machine(Lab, machine);

    /// <summary>The bridge of a network, in the switch namespace.</summary>
    public string Bridge(int network) => Names.Tag(Lab) + "-b" + network.ToString(CultureInfo.InvariantCulture);

    /// <summary>The switch side of a machine's interface.</summary>
    public string Port(int machine, int iface) => Names.Tag(Lab) + machine.ToString(CultureInfo.InvariantCulture) + "-" + iface.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The lab of a resolved site: every host with a canon address, every guest with an address of
    /// its own. BMC addresses are left out (a BMC is not a machine the lab runs). A machine whose
    /// primary network has a gateway that is not its own address routes by it; a machine that is a
    /// network's gateway, or a firewall, forwards.
    /// </summary>
    public static LabPlan From(ResolvedSite resolved, string lab, IReadOnlyCollection<string>? only = null)
    {
        var site = resolved.Site;
        var networks = site.Networks.Select(n => new LabNetwork(n.Name, n.Cidr.ToString(), n.Gateway?.ToString())).ToList();
        var gateways = site.Networks.Select(n => n.Gateway).OfType<Core.Model.Values.IpAddress>().Select(g => g.ToString()).ToHashSet(StringComparer.Ordinal);
        var firewalls = site.Cadaster.Firewalls.Select(f => f.Host).ToHashSet(StringComparer.Ordinal);
        var machines = new List<LabMachine>();
        foreach (var view in resolved.Machines)
        {
            if (only is not null && !only.Contains(view.Name))
            {
                continue;
            }

            var addresses = view.Addresses.Where(a => a.Source != "bmc").ToList();
            if (addresses.Count == 0 || machines.Any(m => m.Name == view.Name))
            {
                continue;
            }

            var (interfaces, nics, devices) = view.Kind == InstanceKind.Host
                ? Wiring.OfHost(MachineSetup.Of(resolved, view), addresses)
                : Wiring.OfGuest(addresses, site);
            var primary = addresses.FirstOrDefault(a => a.Primary) ?? addresses[0];
            var gateway = site.Networks[primary.Network]?.Gateway?.ToString();
            var own = addresses.Select(a => a.Ip.ToString()).ToHashSet(StringComparer.Ordinal);
            var forwards = own.Overlaps(gateways) || firewalls.Contains(view.Name);
            var names = new List<string> { resolved.Names.CanonFqdn(view.Name) };
            names.AddRange(addresses.Select(a => a.Fqdn).Where(f => !names.Contains(f)));
            machines.Add(new LabMachine(view.Name, interfaces, gateway is not null && !own.Contains(gateway) ? gateway : null, forwards)
            {
                Nics = nics,
                Devices = devices,
                Names = names,
                PrimaryAddress = primary.Ip.ToString(),
            });
        }

        return new LabPlan(lab, networks, machines);
    }
}

/// <summary>How the lab names what it creates.</summary>
public static class Names
{
    public const string Prefix = "elenta-";

    /// <summary>A lab name from a site name: lowercase letters, digits and '-', at most 20 characters.</summary>
    public static string LabOf(string site)
    {
        var sb = new StringBuilder();
        foreach (var c in site.ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (keep != '-' || sb.Length == 0 || sb[^1] != '-')
            {
                sb.Append(keep); // one '-' for a run of others: '--' is the lab's separator
            }
        }

        var name = sb.ToString().Trim('-');
        return name.Length == 0 ? "lab" : name[..Math.Min(name.Length, 20)].TrimEnd('-');
    }

    /// <summary>
    /// At most 20 lowercase letters, digits and '-', neither first nor last, never two together:
    /// "--" separates the lab from the machine in a namespace's name (elenta-LAB--MACHINE), so a lab
    /// x--y would have the switch namespace of lab x's machine y.
    /// </summary>
    public static bool IsValidLab(string lab) =>
        lab.Length is > 0 and <= 20 && lab.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && lab[0] != '-' && lab[^1] != '-' && !lab.Contains("--", StringComparison.Ordinal);

    public static string Switch(string lab) => Prefix + lab;

    public static string Machine(string lab, string machine) => Prefix + lab + "--" + machine;

    /// <summary>The lab's tag on link names: its first six characters (link names are at most 15 bytes).</summary>
    public static string Tag(string lab) => lab[..Math.Min(lab.Length, 6)].TrimEnd('-');

    /// <summary>The name every process the lab starts to hold a machine's namespaces runs under (argv[0]).</summary>
    public static string Holder(string lab, string machine) => "elenta-sim:" + lab + ":" + machine;
}
