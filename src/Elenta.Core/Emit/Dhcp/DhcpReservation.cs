using Elenta.Core.Merging;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Emit.Dhcp;

/// <summary>
/// One fixed lease: this MAC always gets this address and this host name. <see cref="Owner"/> says
/// where it comes from, for comments and messages; <see cref="Netboot"/> marks a MAC that may
/// netboot, which also gets the PXE/iPXE boot options.
/// </summary>
public sealed record DhcpReservation(MacAddress Mac, IpAddress Ip, string Hostname, string Owner, MergedNode Node, bool Netboot)
{
    /// <summary>The host's other NICs that netboot with this address and name; each gets the boot options too.</summary>
    public IReadOnlyList<MacAddress> BootMacs { get; init; } = [];

    /// <summary>Every MAC of the reservation that may netboot: its own when it does, then the other boot NICs'.</summary>
    public IEnumerable<MacAddress> NetbootMacs => Netboot ? BootMacs.Prepend(Mac) : BootMacs;

    /// <summary>The MAC as both servers write it (aa:bb:...), formatted once for the dnsmasq and Kea files.</summary>
    public string MacText { get; } = Mac.ToString();

    /// <summary>The address as both servers write it, formatted once for the dnsmasq and Kea files.</summary>
    public string IpText { get; } = Ip.ToString();
}
