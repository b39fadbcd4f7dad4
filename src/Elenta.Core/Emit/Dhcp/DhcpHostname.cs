namespace Elenta.Core.Emit.Dhcp;

/// <summary>
/// The host name a reservation hands out: one DNS label, since DHCP option 12 carries a bare name
/// and the domain comes from option 15. A host's primary address gives the host's name (toto); its
/// other canon addresses give label-host (kansas-ifrit); a BMC gives bmc-host (drac-btg); a guest
/// its own name. Canon names run the other way (kansas.ifrit.canon); a label cannot hold dots.
/// </summary>
public static class DhcpHostname
{
    private const int MaxLabel = 63;

    public static string ForPrimary(string host) => Label(host);

    public static string ForSecondary(string label, string host) => Label($"{label}-{host}");

    public static string ForGuest(string guest) => Label(guest);

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
