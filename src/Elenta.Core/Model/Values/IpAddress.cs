using System.Net;
using System.Net.Sockets;

namespace Elenta.Core.Model.Values;

/// <summary>An IPv4 or IPv6 address as a number, so networks can be computed on it.</summary>
public readonly record struct IpAddress : IComparable<IpAddress>
{
    // The number is kept as two halves, not as a UInt128: ReadyToRun does not precompile code
    // whose structs hold a UInt128 (its calling convention is not fixed across runtime versions),
    // so every method that touched an address, or a struct holding one, was compiled by the JIT on
    // every run (240 of them, 0.2 s of a 10,000-host build).
    private readonly ulong high;
    private readonly ulong low;

    public IpAddress(UInt128 value, bool isV6)
    {
        high = (ulong)(value >> 64);
        low = (ulong)value;
        IsV6 = isV6;
    }

    public UInt128 Value => new(high, low);

    public bool IsV6 { get; }

    public int Bits => IsV6 ? 128 : 32;

    public static bool TryParse(string text, out IpAddress address) => TryParseTrimmed(text.AsSpan().Trim(), out address);

    /// <summary>
    /// Reads an address with nothing around it: an IPv4 one in dotted decimal, an IPv6 one as
    /// IPAddress reads it, without a zone or a prefix length.
    /// </summary>
    internal static bool TryParseTrimmed(ReadOnlySpan<char> s, out IpAddress address)
    {
        address = default;
        // IPAddress also takes "[fd00::1]" and "[fd00::1]:80" (dropping the port): a site writes the bare address.
        if (s.Length == 0 || s.Contains('/') || s.Contains('%') || s.Contains('[') || s.Contains(']'))
        {
            return false;
        }

        // IPv4 is not left to IPAddress: it reads text as inet_aton does, so 010.0.0.10 is 8.0.0.10
        // (octal), 0x0a.0.0.10 is 10.0.0.10 and 10.1 is 10.0.0.1. A site means the decimal numbers it
        // writes, so anything but four of them, 0 to 255 without leading zeros, is refused.
        if (!s.Contains(':'))
        {
            if (!TryParseDottedDecimal(s, out var v4))
            {
                return false;
            }

            address = new IpAddress(v4, isV6: false);
            return true;
        }

        if (!IPAddress.TryParse(s, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var bytes = ip.GetAddressBytes();
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        address = new IpAddress(value, isV6: true);
        return true;
    }

    /// <summary>Four decimal numbers from 0 to 255 joined by dots, none with a leading zero (0 is written alone), no signs or spaces.</summary>
    private static bool TryParseDottedDecimal(ReadOnlySpan<char> s, out uint value)
    {
        value = 0;
        var at = 0;
        for (var part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (at == s.Length || s[at] != '.')
                {
                    return false;
                }

                at++;
            }

            var start = at;
            var octet = 0;
            while (at < s.Length && at - start < 3 && char.IsAsciiDigit(s[at]))
            {
                octet = (octet * 10) + (s[at++] - '0');
            }

            if (at == start || octet > 255 || (s[start] == '0' && at - start > 1))
            {
                return false;
            }

            value = (value << 8) | (uint)octet;
        }

        return at == s.Length;
    }

    public static IpAddress Parse(string text) =>
        TryParse(text, out var a) ? a : throw new FormatException($"'{text}' is not an IP address");

    public IpAddress Add(long offset) => new(offset >= 0 ? Value + (UInt128)offset : Value - (UInt128)(-offset), IsV6);

    public byte[] GetBytes()
    {
        var length = IsV6 ? 16 : 4;
        var bytes = new byte[length];
        var v = Value;
        for (var i = length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(v & 0xFF);
            v >>= 8;
        }

        return bytes;
    }

    public int CompareTo(IpAddress other)
    {
        var byFamily = IsV6.CompareTo(other.IsV6);
        if (byFamily != 0)
        {
            return byFamily;
        }

        var byHigh = high.CompareTo(other.high);
        return byHigh != 0 ? byHigh : low.CompareTo(other.low);
    }

    /// <summary>Dotted quad for IPv4 (written directly: addresses are printed for every view, zone and lease), RFC 5952 text for IPv6.</summary>
    public override string ToString() => IsV6 ? new IPAddress(GetBytes()).ToString() : string.Create(System.Globalization.CultureInfo.InvariantCulture, stackalloc char[15], $"{(low >> 24) & 0xFF}.{(low >> 16) & 0xFF}.{(low >> 8) & 0xFF}.{low & 0xFF}");

    /// <summary>The longest text <see cref="ToString"/> gives (an IPv6 address with an embedded IPv4 one).</summary>
    public const int MaxTextLength = 45;

    /// <summary>
    /// Writes what <see cref="ToString"/> returns into <paramref name="destination"/> (at least
    /// <see cref="MaxTextLength"/> long) and returns its length: for writers that take characters,
    /// so printing an address makes no string.
    /// </summary>
    public int Format(Span<char> destination)
    {
        if (IsV6)
        {
            return new IPAddress(GetBytes()).TryFormat(destination, out var written) ? written : throw new ArgumentException("too short for an IPv6 address", nameof(destination));
        }

        var at = 0;
        for (var shift = 24; shift >= 0; shift -= 8)
        {
            var octet = (int)((low >> shift) & 0xFF);
            if (octet >= 100)
            {
                destination[at++] = (char)('0' + (octet / 100));
            }

            if (octet >= 10)
            {
                destination[at++] = (char)('0' + (octet / 10 % 10));
            }

            destination[at++] = (char)('0' + (octet % 10));
            if (shift > 0)
            {
                destination[at++] = '.';
            }
        }

        return at;
    }
}
