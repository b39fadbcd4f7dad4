using Elenta.Core.Model.Values;

namespace Elenta.Core.Emit.Dns;

/// <summary>
/// Finds the most specific reverse zone covering an address — the longest prefix, and of zones with
/// the same network the first planned — by looking the address's network up at each prefix length
/// the zones use, longest first, instead of testing every zone for every address.
/// </summary>
public sealed class ReverseZoneIndex
{
    private readonly List<(bool IsV6, int PrefixLength, Dictionary<UInt128, ReverseZone> ByNetwork)> levels = [];

    public ReverseZoneIndex(IReadOnlyList<ReverseZone> zones)
    {
        foreach (var zone in zones)
        {
            var covers = zone.Covers;
            var level = levels.FindIndex(l => l.IsV6 == covers.Network.IsV6 && l.PrefixLength == covers.PrefixLength);
            if (level < 0)
            {
                levels.Add((covers.Network.IsV6, covers.PrefixLength, new Dictionary<UInt128, ReverseZone>()));
                level = levels.Count - 1;
            }

            levels[level].ByNetwork.TryAdd(covers.Network.Value, zone);
        }

        levels.Sort((a, b) => b.PrefixLength.CompareTo(a.PrefixLength));
    }

    public ReverseZone? MostSpecific(IpAddress ip)
    {
        foreach (var (isV6, prefixLength, byNetwork) in levels)
        {
            if (isV6 == ip.IsV6 && byNetwork.TryGetValue(NetworkOf(ip, prefixLength), out var zone) && zone.Contains(ip))
            {
                return zone;
            }
        }

        return null;
    }

    /// <summary>The address with its host bits cleared.</summary>
    private static UInt128 NetworkOf(IpAddress ip, int prefixLength)
    {
        var hostBits = ip.Bits - prefixLength;
        return hostBits >= 128 ? UInt128.Zero : ip.Value >> hostBits << hostBits;
    }
}
