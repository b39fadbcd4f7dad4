using System.Net;
using Elenta.Core.Model.Values;

namespace Elenta.Cli.Hosting;

/// <summary>
/// A DNS server named on the command line, ADDR[:PORT] (port 53 when none is given): an IPv4
/// address as a site writes one (four decimal numbers, <see cref="IpAddress"/>), with an optional
/// :PORT; an IPv6 address bare (<c>::1</c>) or in brackets with an optional port (<c>[::1]:5353</c>).
/// Not IPEndPoint's reading, which takes IPv4 as inet_aton does: <c>1</c> was 0.0.0.1, <c>127.1</c>
/// 127.0.0.1 and <c>010.0.0.1</c> 8.0.0.1, so a typo asked a server nobody meant.
/// </summary>
internal static class DnsServerAddress
{
    public const int DefaultPort = 53;

    /// <summary>The server's address and port; false when the text is not ADDR[:PORT] in the forms above.</summary>
    public static bool TryParse(string text, out IPEndPoint endpoint)
    {
        endpoint = null!;
        string address;
        string? port = null;
        bool v6;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            address = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    return false;
                }

                port = rest[1..];
            }

            v6 = true;
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            (address, port, v6) = (text[..colon], text[(colon + 1)..], false);
        }
        else
        {
            (address, v6) = (text, text.Contains(':', StringComparison.Ordinal));
        }

        // IpAddress reads the address as a site's, but forgives spaces around it: a command line does not.
        if (text.Any(char.IsWhiteSpace) || !IpAddress.TryParse(address, out var ip) || ip.IsV6 != v6)
        {
            return false;
        }

        var number = DefaultPort;
        if (port is not null && !TryParsePort(port, out number))
        {
            return false;
        }

        endpoint = new IPEndPoint(new IPAddress(ip.GetBytes()), number);
        return true;
    }

    /// <summary>1 to 65535 in plain digits, without a sign or a leading zero.</summary>
    private static bool TryParsePort(string text, out int port)
    {
        port = 0;
        if (text.Length is 0 or > 5 || text[0] == '0' || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        port = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return port <= 65535;
    }
}
