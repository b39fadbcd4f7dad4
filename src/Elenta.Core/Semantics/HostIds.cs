using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Elenta.Core.Model;

namespace Elenta.Core.Semantics;

/// <summary>
/// A machine's ZFS host id (NixOS <c>networking.hostId</c>): the cadaster's <c>hostId</c> when the
/// site gives one, else eight hex digits derived from the machine's name alone (the first four
/// bytes of SHA-256 of <c>elenta-host-id/NAME</c>), so it never changes while the machine keeps its
/// name: a pool last imported under another host id does not import at boot.
/// </summary>
public static class HostIds
{
    /// <summary>Whether <paramref name="text"/> is a host id as ZFS takes it: exactly 8 hex digits, not all zero.</summary>
    public static bool IsValid(string text) =>
        text.Length == 8 && text.All(Uri.IsHexDigit) && text.Any(c => c != '0');

    /// <summary>The host id of a machine: the host's own (lower case) when it has a valid one, else derived.</summary>
    public static string Of(Host? host, string machine) =>
        host?.HostId is { } given && IsValid(given) ? given.ToLowerInvariant() : Derived(machine);

    /// <summary>The derived host id of a name: never 00000000, which ZFS reads as "no host id".</summary>
    public static string Derived(string machine)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("elenta-host-id/" + machine));
        for (var i = 0; i + 4 <= hash.Length; i += 4)
        {
            var id = Convert.ToHexStringLower(hash, i, 4);
            if (id != "00000000")
            {
                return id;
            }
        }

        return "00000001";
    }

    /// <summary>The host id as the number zpool compares (for messages).</summary>
    public static uint Value(string id) => uint.Parse(id, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
