using System.Globalization;

namespace Elenta.Core.Model.Values;

/// <summary>
/// A Linux network interface's name as the machine takes it: a NIC, a bond, a VLAN interface, an
/// alias's address label, a bridge. The kernel's rules (net/core/dev.c, dev_valid_name): 1 to 15
/// bytes (IFNAMSIZ is 16 with the final NUL), no '/', ':' or white space, not "." or "..". systemd
/// (ifname_valid_full, which networkd and udev go by) also refuses "all" and "default", the
/// /proc/sys/net/*/conf directories that are no interface's, every byte outside printable ASCII,
/// '%' (the kernel makes "eth%d" into eth0, eth1...) and a name of digits only (read as an
/// interface index). A longer name made nft refuse the whole firewall and <c>ip link add</c> fail.
/// </summary>
public static class InterfaceName
{
    /// <summary>The most bytes a name may have: IFNAMSIZ less its final NUL.</summary>
    public const int MaxBytes = 15;

    /// <summary>What names look like, for the help of a refused one.</summary>
    public const string Help =
        "at most 15 letters, digits and '-', '_' or '.', such as enp3s0f0, eno1, bond0, eth0.100 or br-lab (IFNAMSIZ; no '/', ':', '%' or spaces, not 'all' or 'default')";

    /// <summary>Why <paramref name="name"/> cannot be an interface's name, or null when it can.</summary>
    public static string? WhyInvalid(string name)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }

        if (name is "." or "..")
        {
            return $"'{name}' names a directory in every path, never an interface";
        }

        if (name is "all" or "default")
        {
            return $"'{name}' is reserved: /proc/sys/net/ipv4/conf/{name} holds the settings of all interfaces, or of new ones";
        }

        foreach (var c in name)
        {
            if (c <= ' ' || c >= '\x7f')
            {
                return c == ' ' ? "it has a space" : c < ' ' || c == '\x7f' ? "it has a control character" : $"'{c}' is not ASCII, which systemd refuses in an interface name";
            }

            if (c is '/' or ':' or '%')
            {
                return c switch
                {
                    '/' => "'/' is not allowed: the name is a directory under /sys/class/net",
                    ':' => "':' is not allowed: it marks an old-style alias (eth0:1)",
                    _ => "'%' is not allowed: the kernel makes a name with %d into the next free number (eth%d is eth0)",
                };
            }
        }

        // Printable ASCII only by now: a character is a byte.
        if (name.Length > MaxBytes)
        {
            return $"it is {name.Length.ToString(CultureInfo.InvariantCulture)} bytes long, over the {MaxBytes.ToString(CultureInfo.InvariantCulture)} an interface name may have (IFNAMSIZ)";
        }

        return name.All(char.IsAsciiDigit) ? "a name of digits only is read as an interface's index" : null;
    }
}
