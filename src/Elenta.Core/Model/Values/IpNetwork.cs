namespace Elenta.Core.Model.Values;

/// <summary>A network in CIDR form, 10.255.0.0/16. The address is the network's first address.</summary>
public readonly record struct IpNetwork(IpAddress Network, int PrefixLength)
{
    public static bool TryParse(string text, out IpNetwork network, out bool hostBitsSet)
    {
        network = default;
        hostBitsSet = false;

        // Nothing may stand between the address, the slash and the prefix length: int.TryParse took
        // " 24", "+24" and "024", and the address is read as strictly as a lone one.
        var s = text.AsSpan().Trim();
        var slash = s.IndexOf('/');
        if (slash < 0 || !IpAddress.TryParseTrimmed(s[..slash], out var address) || !TryParsePrefixLength(s[(slash + 1)..], address.Bits, out var prefix))
        {
            return false;
        }

        var masked = new IpAddress(address.Value & Mask(prefix, address.Bits), address.IsV6);
        hostBitsSet = masked.Value != address.Value;
        network = new IpNetwork(masked, prefix);
        return true;
    }

    /// <summary>Decimal digits only, without a leading zero (0 is written alone), at most <paramref name="bits"/>.</summary>
    private static bool TryParsePrefixLength(ReadOnlySpan<char> s, int bits, out int prefix)
    {
        prefix = 0;
        if (s.Length is 0 or > 3 || (s[0] == '0' && s.Length > 1))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            prefix = (prefix * 10) + (c - '0');
        }

        return prefix <= bits;
    }

    public IpAddress First => Network;

    public IpAddress Last => new(Network.Value | ~Mask(PrefixLength, Network.Bits) & AllOnes(Network.Bits), Network.IsV6);

    public UInt128 Size => Last.Value - First.Value + 1;

    public bool Contains(IpAddress address) =>
        address.IsV6 == Network.IsV6 && (address.Value & Mask(PrefixLength, Network.Bits)) == Network.Value;

    public bool Overlaps(IpNetwork other) =>
        other.Network.IsV6 == Network.IsV6 && Contains(other.First) || other.Contains(First);

    private static UInt128 AllOnes(int bits) => bits == 128 ? UInt128.MaxValue : (UInt128.One << bits) - 1;

    private static UInt128 Mask(int prefix, int bits) =>
        prefix == 0 ? UInt128.Zero : (AllOnes(bits) << (bits - prefix)) & AllOnes(bits);

    public override string ToString() => $"{Network}/{PrefixLength}";

    /// <summary>The longest text <see cref="ToString"/> gives.</summary>
    public const int MaxTextLength = IpAddress.MaxTextLength + 4;

    /// <summary>Writes what <see cref="ToString"/> returns into <paramref name="destination"/> (at least <see cref="MaxTextLength"/> long) and returns its length.</summary>
    public int Format(Span<char> destination)
    {
        var at = Network.Format(destination);
        destination[at++] = '/';
        PrefixLength.TryFormat(destination[at..], out var digits, default, System.Globalization.CultureInfo.InvariantCulture);
        return at + digits;
    }
}
