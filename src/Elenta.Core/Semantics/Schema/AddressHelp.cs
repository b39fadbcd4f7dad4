using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics.Schema;

/// <summary>
/// The help of EL2004 for an address or a network that does not parse: the form a site writes,
/// and the value itself in that form when only leading zeros, a sign or spaces were in the way
/// (010.0.0.10 is 10.0.0.10 to whoever wrote it, though inet_aton would read 8.0.0.10).
/// </summary>
internal static class AddressHelp
{
    private const string Ipv4Form = "four decimal numbers 0-255, no leading zeros";

    public static string ForAddress(string text)
    {
        if (text.Contains(':'))
        {
            return "write an IPv6 address such as fd00::10, without a zone (%eth0) or a prefix length";
        }

        return Ipv4(text.Trim()) is { } fixedText && IpAddress.TryParse(fixedText, out var ip)
            ? $"write {ip}: {Ipv4Form}"
            : $"write {Ipv4Form}, such as 10.0.0.10";
    }

    public static string ForNetwork(string text)
    {
        const string General = $"write {Ipv4Form}, a slash and a prefix length from 0 to 32, such as 10.0.0.0/24 (IPv6: fd00::/64, 0 to 128)";
        var slash = text.IndexOf('/');
        if (slash < 0)
        {
            return General;
        }

        var address = text[..slash].Trim();
        var prefix = text[(slash + 1)..].Trim().TrimStart('+');
        var fixedAddress = address.Contains(':') ? address : Ipv4(address);
        return fixedAddress is not null && Digits(prefix) is { } fixedPrefix
            && IpNetwork.TryParse($"{fixedAddress}/{fixedPrefix}", out var network, out var hostBits) && !hostBits
            ? $"write {network}: {(network.Network.IsV6 ? string.Empty : Ipv4Form + ", ")}a slash and the prefix length in plain digits"
            : General;
    }

    /// <summary>Four parts of decimal digits, written again without their leading zeros; null when the text is not that.</summary>
    private static string? Ipv4(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return null;
        }

        var fixedParts = parts.Select(Digits).ToArray();
        return fixedParts.All(p => p is not null) ? string.Join('.', fixedParts) : null;
    }

    private static string? Digits(string part)
    {
        if (part.Length == 0 || !part.All(char.IsAsciiDigit))
        {
            return null;
        }

        var digits = part.TrimStart('0');
        return digits.Length == 0 ? "0" : digits;
    }
}
