using Elenta.Core.Merging;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Model;

/// <summary>The hardware that exists: machines, disks, switches, racks, power. Facts, not configuration.</summary>
public sealed record Cadaster(
    NamedMap<Host> Hosts,
    NamedMap<Disk> Disks,
    NamedMap<Pool> Pools,
    NamedMap<Switch> Switches,
    NamedMap<Router> Routers,
    NamedMap<Firewall> Firewalls,
    NamedMap<Rack> Racks,
    NamedMap<Pdu> Pdus);

public enum BootMode
{
    Disk,
    Netboot,
}

public enum Firmware
{
    Bios,
    Uefi,
}

public enum DriverKind
{
    Nixos,
    Files,
    None,
}

public sealed record Host(
    string Name,
    MergedMapping Node,
    string? Description,
    string Kind,
    Hardware Hardware,
    NamedMap<NetInterface> Interfaces,
    NamedMap<CanonAddress> Canon,
    Bmc? Bmc,
    BootSpec Boot,
    SshSpec? Ssh,
    DriverKind Driver,
    RackPosition? Rack,
    PowerDraw? Power,
    IReadOnlyList<string> Tags) : INamed
{
    /// <summary>
    /// The ZFS host id the site gives the machine (<c>hostId</c>, 8 hex digits as written; null when
    /// absent: the view derives one from the name, <see cref="Semantics.HostIds"/>).
    /// </summary>
    public string? HostId { get; init; }

    /// <summary>The address the bare host name answers with: the one marked primary, else the first.</summary>
    public CanonAddress? PrimaryAddress => Canon.FirstOrDefault(c => c.Primary) ?? Canon.FirstOrDefault();

    /// <summary>The first bond (in interface order) that enslaves <paramref name="member"/>; null when none does. A scan: a host has a handful of interfaces.</summary>
    public string? BondOf(string member)
    {
        foreach (var iface in Interfaces)
        {
            var members = iface.BondMembers;
            for (var i = 0; i < members.Count; i++)
            {
                if (string.Equals(members[i], member, StringComparison.Ordinal))
                {
                    return iface.Name;
                }
            }
        }

        return null;
    }
}

public sealed record Overcommit(double Cpu, double Memory, double Disk)
{
    public static Overcommit None { get; } = new(1, 1, 1);
}

public sealed record Hardware(int? Cpus, ByteSize? Memory, ByteSize? Disk, string Arch, string? Model, Overcommit Overcommit);

public sealed record SwitchLink(string Switch, string Port, MergedNode Node);

public sealed record NetInterface(
    string Name,
    MergedNode Node,
    MacAddress? Mac,
    SwitchLink? Link,
    IReadOnlyList<string> BondMembers,
    string? BondMode,
    int? Vlan,
    string? Parent,
    string? AliasOf,
    string? Bridge,
    bool Wireless) : INamed
{
    public bool IsBond => BondMembers.Count > 0;
}

/// <summary>One canon address: <c>label.host.canon</c> on one network.</summary>
public sealed record CanonAddress(string Name, MergedNode Node, string Network, IpAddress Ip, string? Interface, bool Primary, bool Shared) : INamed;

public sealed record Bmc(string Label, MergedNode Node, string Network, IpAddress Ip, MacAddress? Mac, string? Kind);

public sealed record BootSpec(BootMode Mode, Firmware Firmware, ByteSize? ImageSize)
{
    /// <summary>
    /// The interfaces the site says may netboot (<c>boot.interfaces</c>); null when it does not say,
    /// and then every NIC that reaches one of the host's addresses may (Semantics.BootNics).
    /// </summary>
    public IReadOnlyList<string>? Interfaces { get; init; }
}

/// <summary>
/// A machine's ssh section. Keys are parsed when the site is bound: one that does not parse is
/// reported there (EL2004) and left out, so <see cref="HostKey"/> is null for it.
/// </summary>
public sealed record SshSpec(PublicKey? HostKey, IReadOnlyList<RetiredKey> RetiredKeys, string User, int Port, MergedMapping Node);

/// <summary>A key listed in <c>ssh.retiredKeys</c>, with the list item that names it.</summary>
public sealed record RetiredKey(PublicKey Key, MergedNode Node);

public sealed record RackPosition(string Rack, int Unit, int Height, MergedNode Node);

public sealed record PowerDraw(string Pdu, int Watts, MergedNode Node);

public sealed record Disk(string Name, MergedMapping Node, Wwn? Wwn, string? Device, string? Host, ByteSize? Size, int? Bay, string? Model, string? Serial) : INamed
{
    /// <summary>format-disks may destroy what it finds on this disk (<c>allowDestroy: true</c>); otherwise it refuses a disk that holds data.</summary>
    public bool AllowDestroy { get; init; }
}

public sealed record Dataset(string Name, string? Mountpoint, ByteSize? Size, IReadOnlyDictionary<string, string> Options) : INamed;

public sealed record Pool(string Name, MergedMapping Node, string Host, string Type, string? Layout, IReadOnlyList<string> Disks, NamedMap<Dataset> Datasets) : INamed
{
    /// <summary>Pool properties the site sets (<c>zpool create -o</c>), over format-disks' defaults.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Properties of the pool's root dataset, inherited by every dataset (<c>zpool create -O</c>), over format-disks' defaults.</summary>
    public IReadOnlyDictionary<string, string> FilesystemProperties { get; init; } = new Dictionary<string, string>();
}

public sealed record SwitchPort(string Name, MergedNode Node, string Mode, int? Vlan, IReadOnlyList<int> Vlans, string? Description) : INamed;

public sealed record Management(string Network, IpAddress Ip);

public sealed record Switch(string Name, MergedMapping Node, string? Model, int Ports, NamedMap<SwitchPort> PortMap, Management? Management, RackPosition? Rack, PowerDraw? Power) : INamed;

public sealed record Router(string Name, MergedMapping Node, string? Host, string? Model, IReadOnlyList<string> Networks, RackPosition? Rack, PowerDraw? Power) : INamed;

public sealed record FirewallZone(string Name, MergedNode Node, IReadOnlyList<string> Networks) : INamed;

public sealed record FirewallRule(MergedNode Node, string From, string To, IReadOnlyList<PortSpec> Allow, IReadOnlyList<PortSpec> Deny, string? Description);

public sealed record Firewall(string Name, MergedMapping Node, string Host, NamedMap<FirewallZone> Zones, bool DefaultAllow, IReadOnlyList<FirewallRule> Rules) : INamed
{
    /// <summary>Address translation the firewall host does, in the order written (docs/firewall.md).</summary>
    public IReadOnlyList<FirewallNat> Nat { get; init; } = [];
}

/// <summary>The kinds of address translation a firewall's <c>nat</c> list may ask for.</summary>
public enum NatKind
{
    /// <summary>Traffic from a zone leaving through the firewall's interface on a network takes the firewall's address there.</summary>
    Masquerade,

    /// <summary>As masquerade, with a fixed source address (<see cref="FirewallNat.To"/>).</summary>
    Snat,

    /// <summary>Traffic arriving on the firewall's interface on a network, to a port, is sent on to another address (and port).</summary>
    Dnat,
}

/// <summary>
/// One entry of a firewall's <c>nat</c> list, as written: which fields a kind needs is checked by
/// analysis (EL8022), so the emitter only meets complete entries.
/// </summary>
public sealed record FirewallNat(MergedMapping Node, NatKind Kind, string? From, string? Out, string? In, PortSpec? Port, IpAddress? To, int? ToPort, string? Description);

public sealed record Rack(string Name, MergedMapping Node, int Height, string? Location) : INamed;

public sealed record Pdu(string Name, MergedMapping Node, string? Rack, int CapacityWatts, int? Outlets) : INamed;
