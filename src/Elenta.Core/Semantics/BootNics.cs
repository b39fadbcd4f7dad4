using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics;

/// <summary>
/// One NIC of a netbooted host that may boot, and the canon address DHCP reserves for it while it
/// does: PXE firmware brings up one physical port at a time, with that port's own MAC, before any
/// bond or bridge exists, so each port that may boot needs a reservation and boot options of its
/// own. Ports of one host share the address (only one boots at a time).
/// </summary>
public sealed record BootNic(NetInterface Nic, MacAddress Mac, CanonAddress Address)
{
    /// <summary>Whether the address is carried by this very MAC once the host is up (its own reservation anyway).</summary>
    public bool CarriesAddress { get; init; }
}

/// <summary>Why a NIC named in <c>boot.interfaces</c> cannot boot (EL8041).</summary>
public enum BootNicProblem
{
    NoSuchInterface,
    NoMac,
    NoAddress,
}

/// <summary>
/// Which NICs of a netbooted host may boot. The netboot store (a script per boot NIC), DHCP (a
/// reservation and boot options per boot NIC) and the check (EL8041) all ask here, so a NIC has a
/// script exactly when DHCP sends it there.
/// </summary>
public static class BootNics
{
    /// <summary>
    /// The NICs that may boot, ordered by MAC: those <c>boot.interfaces</c> lists, else every
    /// physical NIC with a MAC that reaches one of the host's canon addresses (it carries it, is a
    /// member of the bond that does, or a member of the bridge of the address's network). Empty for
    /// a host that boots from disk.
    /// </summary>
    public static IReadOnlyList<BootNic> Of(Site site, Host host)
    {
        if (host.Boot.Mode != BootMode.Netboot)
        {
            return [];
        }

        var nics = new List<BootNic>();
        var seen = new HashSet<ulong>();
        IEnumerable<NetInterface> candidates = host.Boot.Interfaces is { } listed
            ? listed.Select(name => host.Interfaces[name]).OfType<NetInterface>()
            : host.Interfaces.Where(IsPort);
        foreach (var nic in candidates)
        {
            if (nic.Mac is { } mac && AddressOf(site, host, nic) is { } boot && seen.Add(mac.Value))
            {
                nics.Add(boot);
            }
        }

        return nics.OrderBy(n => n.Mac.Value).ToList();
    }

    /// <summary>Why a NIC listed in <c>boot.interfaces</c> cannot boot, or null when it can.</summary>
    public static BootNicProblem? ProblemOf(Site site, Host host, string name) =>
        host.Interfaces[name] is not { } nic ? BootNicProblem.NoSuchInterface
        : nic.Mac is null || nic.AliasOf is not null ? BootNicProblem.NoMac
        : AddressOf(site, host, nic) is null ? BootNicProblem.NoAddress
        : null;

    /// <summary>A port PXE firmware can boot from: its own MAC, not wireless, not an alias, bond or VLAN interface.</summary>
    private static bool IsPort(NetInterface nic) =>
        nic.Mac is not null && !nic.Wireless && nic.AliasOf is null && !nic.IsBond && nic.Parent is null && nic.Vlan is null;

    /// <summary>The canon address a NIC boots with: one it carries, else its bond's, else one on the network its bridge belongs to.</summary>
    private static BootNic? AddressOf(Site site, Host host, NetInterface nic)
    {
        if (nic.Mac is not { } mac || nic.AliasOf is not null)
        {
            return null;
        }

        var primary = host.PrimaryAddress;
        CanonAddress? Pick(Func<CanonAddress, bool> where) =>
            primary is not null && where(primary) ? primary : host.Canon.Where(where).OrderBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault();

        if (Pick(a => a.Interface == nic.Name) is { } own)
        {
            return new BootNic(nic, mac, own) { CarriesAddress = true };
        }

        var bond = host.Interfaces.FirstOrDefault(i => i.IsBond && i.BondMembers.Contains(nic.Name, StringComparer.Ordinal));
        if (bond is not null && Pick(a => a.Interface == bond.Name) is { } bonded)
        {
            return new BootNic(nic, mac, bonded) { CarriesAddress = CarrierMac.Of(host, bond.Name) == mac };
        }

        if (nic.Bridge is { } bridge)
        {
            // The bridge is an interface of the host carrying an address, or the bridge of a network the host has an address on.
            if (Pick(a => a.Interface == bridge) is { } bridged)
            {
                return new BootNic(nic, mac, bridged);
            }

            var networks = site.Networks.Where(n => n.Bridge == bridge).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
            if (Pick(a => networks.Contains(a.Network)) is { } onNetwork)
            {
                return new BootNic(nic, mac, onNetwork);
            }
        }

        return null;
    }
}
