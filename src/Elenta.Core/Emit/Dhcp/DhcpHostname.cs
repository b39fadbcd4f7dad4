using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dhcp;

/// <summary>
/// The host name a reservation hands out: one DNS label, since DHCP option 12 carries a bare name
/// and the domain comes from option 15. It is the canon name the address's PTR points at, its dots
/// made dashes: a host's primary address gives the host's name (toto); its other canon addresses
/// give label-host (kansas-ifrit); a BMC gives bmc-host (drac-btg); a guest its own name.
/// </summary>
public static class DhcpHostname
{
    private const int MaxLabel = 63;

    public static string Of(CanonName pointer) => Label(pointer.Relative);

    private static string Label(string text)
    {
        var lower = text.ToLowerInvariant();
        var length = Math.Min(lower.Length, MaxLabel);
        var label = string.Create(length, lower, static (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = char.IsAsciiLetterOrDigit(source[i]) ? source[i] : '-';
            }
        });
        return label.Trim('-');
    }
}
