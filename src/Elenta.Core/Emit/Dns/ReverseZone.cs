using System.Globalization;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Emit.Dns;

/// <summary>
/// One reverse zone and the addresses it answers for. IPv4 zones sit on octet boundaries
/// (<c>0.255.10.in-addr.arpa</c>); a network smaller than a /24 gets an RFC 2317 classless zone
/// named <c>&lt;first&gt;-&lt;last&gt;.&lt;c&gt;.&lt;b&gt;.&lt;a&gt;.in-addr.arpa</c>, which the /24's zone delegates to with
/// one CNAME per address. IPv6 zones sit on nibble boundaries under ip6.arpa.
/// </summary>
public sealed record ReverseZone(string Origin, IpNetwork Covers, bool Classless)
{
    /// <summary>
    /// The zones that answer for a network. A network between octet (or nibble) boundaries is split
    /// into the zones of the next boundary down: a /20 becomes sixteen /24 zones, a /62 four /64
    /// zones, so no zone ever answers for addresses outside the network.
    /// </summary>
    public static IReadOnlyList<ReverseZone> For(IpNetwork network)
    {
        var ip = network.Network;
        var prefix = network.PrefixLength;
        if (!ip.IsV6 && prefix > 24)
        {
            var o = ip.GetBytes();
            var origin = $"{o[3]}-{network.Last.GetBytes()[3]}.{o[2]}.{o[1]}.{o[0]}.in-addr.arpa";
            return [new ReverseZone(origin, network, true)];
        }

        var step = ip.IsV6 ? 4 : 8;
        var aligned = (prefix + step - 1) / step * step;
        var count = 1 << (aligned - prefix);
        var size = UInt128.One << (ip.Bits - aligned);
        var zones = new List<ReverseZone>(count);
        for (var i = 0; i < count; i++)
        {
            var sub = new IpNetwork(new IpAddress(ip.Value + (size * (UInt128)i), ip.IsV6), aligned);
            zones.Add(new ReverseZone(OriginOf(sub), sub, false));
        }

        return zones;
    }

    /// <summary>For a classless zone, the /24 zone that must delegate to it.</summary>
    public string? ParentOrigin => Classless ? Origin[(Origin.IndexOf('.', StringComparison.Ordinal) + 1)..] : null;

    public bool Contains(IpAddress address) => Covers.Contains(address);

    /// <summary>The owner of an address's PTR record, relative to this zone.</summary>
    public string OwnerOf(IpAddress address)
    {
        var labels = Labels(address);
        var kept = Classless ? 1 : labels.Length - (Covers.PrefixLength / (address.IsV6 ? 4 : 8));
        return string.Join('.', labels, 0, kept);
    }

    /// <summary>The absolute reverse name of an address, 10.0.255.10.in-addr.arpa.</summary>
    public static string PointerName(IpAddress address) =>
        string.Join('.', Labels(address)) + (address.IsV6 ? ".ip6.arpa." : ".in-addr.arpa.");

    private static string OriginOf(IpNetwork aligned)
    {
        var labels = Labels(aligned.Network);
        var skip = labels.Length - (aligned.PrefixLength / (aligned.Network.IsV6 ? 4 : 8));
        var kept = labels.Skip(skip).ToList();
        kept.Add(aligned.Network.IsV6 ? "ip6.arpa" : "in-addr.arpa");
        return string.Join('.', kept);
    }

    /// <summary>The address's reverse labels, least significant first (octets for IPv4, nibbles for IPv6).</summary>
    private static string[] Labels(IpAddress address)
    {
        var bytes = address.GetBytes();
        if (!address.IsV6)
        {
            var octets = new string[bytes.Length];
            for (var i = 0; i < bytes.Length; i++)
            {
                octets[i] = bytes[bytes.Length - 1 - i].ToString(CultureInfo.InvariantCulture);
            }

            return octets;
        }

        var nibbles = new string[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[bytes.Length - 1 - i];
            nibbles[2 * i] = (b & 0xF).ToString("x", CultureInfo.InvariantCulture);
            nibbles[(2 * i) + 1] = (b >> 4).ToString("x", CultureInfo.InvariantCulture);
        }

        return nibbles;
    }
}
