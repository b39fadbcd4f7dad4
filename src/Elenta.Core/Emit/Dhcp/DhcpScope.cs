using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Emit.Dhcp;

/// <summary>
/// Everything one network's DHCP service hands out, decided once and written twice (dnsmasq, Kea).
/// <see cref="NetbootBaseUrl"/> is null when the site has no usable netboot store: no PXE options then.
/// <see cref="TftpServer"/> is the store's host when its name resolves in the site.
/// </summary>
public sealed record DhcpScope(
    Network Network,
    uint SubnetId,
    int LeaseSeconds,
    IReadOnlyList<DhcpReservation> Reservations,
    string? NetbootBaseUrl,
    TftpServer? TftpServer)
{
    /// <summary>Every MAC that netboots on this network, with its reservation (none without a usable store).</summary>
    public IEnumerable<(DhcpReservation Reservation, MacAddress Mac)> NetbootClients =>
        NetbootBaseUrl is null ? [] : Reservations.SelectMany(r => r.NetbootMacs.Select(m => (r, m)));

    /// <summary>Whether a reservation holds several MACs (the NICs of one host that boot with one address).</summary>
    public bool SharesAddresses => Reservations.Any(r => r.BootMacs.Count > 0);
}

/// <summary>Where BIOS and UEFI PXE firmware fetch the iPXE loader over TFTP (DHCP siaddr / next-server).</summary>
public sealed record TftpServer(string Name, IpAddress Address);
