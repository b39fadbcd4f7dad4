using System.Globalization;

namespace Elenta.Core.Model.Values;

/// <summary>A 48-bit MAC address; accepts aa:bb:cc:dd:ee:ff, aa-bb-..., aabb.ccdd.eeff (or with '-' or ':') and aabbccddeeff; prints lower-case colon form.</summary>
public readonly record struct MacAddress(ulong Value)
{
    public static bool TryParse(string text, out MacAddress mac)
    {
        // Called for every interface of every host: no intermediate strings.
        mac = default;
        var trimmed = text.AsSpan().Trim();
        Span<char> hex = stackalloc char[12];
        int digits = 0, separators = 0;
        foreach (var c in trimmed)
        {
            if (c is ':' or '-' or '.')
            {
                separators++;
            }
            else if (digits == hex.Length)
            {
                return false;
            }
            else
            {
                hex[digits++] = c;
            }
        }

        if (digits != 12 || separators is not (0 or 2 or 5) || !SeparatorsInPlace(trimmed, separators)
            || !ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        mac = new MacAddress(value);
        return true;
    }

    /// <summary>
    /// The separators where the forms put them: one ':' or '-' (the same throughout) after every two
    /// digits, or one '.', ':' or '-' after every four (aabb.ccdd.eeff, HPE's aabb-ccdd-eeff);
    /// aa:bbcc:dd:ee:ff:00 is a typo, not a MAC.
    /// </summary>
    private static bool SeparatorsInPlace(ReadOnlySpan<char> text, int separators)
    {
        switch (separators)
        {
            case 0:
                return true;
            case 2:
                return text.Length == 14 && text[4] is ('.' or ':' or '-') && text[9] == text[4];
            default:
                var separator = text.Length == 17 ? text[2] : '\0';
                for (var at = 2; at < 17; at += 3)
                {
                    if (separator is not (':' or '-') || text[at] != separator)
                    {
                        return false;
                    }
                }

                return true;
        }
    }

    /// <summary>
    /// A group address: the lowest bit of the first octet set (01:00:5e:... for IPv4 multicast,
    /// 33:33:... for IPv6, ff:ff:ff:ff:ff:ff). Frames are sent to one, no NIC has one as its own.
    /// </summary>
    public bool IsMulticast => ((Value >> 40) & 1) != 0;

    public bool IsBroadcast => Value == 0xFFFF_FFFF_FFFF;

    /// <summary>
    /// Why no NIC has this MAC as its own, or null when one may. Every MAC a site or a command
    /// line gives is a NIC's (a machine's interface, a BMC's, a guest's), reserved an address in DHCP
    /// and netbooted by: a group address or zeros there is a typo or a placeholder, which DHCP would
    /// never see in a request.
    /// </summary>
    public string? WhyNotANic =>
        IsBroadcast ? "it is the broadcast address"
        : IsMulticast ? "it is a multicast address (the lowest bit of its first octet is set)"
        : Value == 0 ? "it is all zeros"
        : null;

    /// <summary>What to write instead of a MAC that is not a NIC's (<see cref="WhyNotANic"/>).</summary>
    public const string NicHelp =
        "a NIC's MAC is unicast (its first octet even) and not all zeros: write the NIC's own, as ip link shows it (locally administered ones such as 02:00:00:00:00:01 are fine)";

    public byte[] GetBytes()
    {
        var bytes = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(Value >> (8 * (5 - i)));
        }

        return bytes;
    }

    /// <summary>The form iPXE and PXELINUX use in file names: 01-aa-bb-cc-dd-ee-ff without the 01 prefix.</summary>
    public string ToDashed() => Format('-');

    public override string ToString() => Format(':');

    /// <summary>The length of <see cref="ToString"/>'s text.</summary>
    public const int TextLength = 17;

    /// <summary>Writes what <see cref="ToString"/> returns into <paramref name="destination"/> (at least <see cref="TextLength"/> long) and returns its length.</summary>
    public int Format(Span<char> destination)
    {
        Write(destination, Value, ':');
        return TextLength;
    }

    private string Format(char separator) => string.Create(TextLength, (Value, separator), static (chars, state) => Write(chars, state.Value, state.separator));

    private static void Write(Span<char> chars, ulong value, char separator)
    {
        for (var i = 0; i < 6; i++)
        {
            var b = (byte)(value >> (8 * (5 - i)));
            chars[3 * i] = "0123456789abcdef"[b >> 4];
            chars[(3 * i) + 1] = "0123456789abcdef"[b & 0xF];
            if (i < 5)
            {
                chars[(3 * i) + 2] = separator;
            }
        }
    }
}
