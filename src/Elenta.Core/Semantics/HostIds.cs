using System.Globalization;
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
    public static string Derived(string machine) => DerivedValue(machine).ToString("x8", CultureInfo.InvariantCulture);

    /// <summary><see cref="Derived"/> as the number zpool compares: the first word of the hash that is not zero.</summary>
    public static uint DerivedValue(string machine)
    {
        const string prefix = "elenta-host-id/";
        var length = Encoding.UTF8.GetByteCount(machine) + prefix.Length;
        var input = length <= 512 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(prefix, input);
        Encoding.UTF8.GetBytes(machine, input[prefix.Length..]);
        Span<byte> hash = stackalloc byte[32];
        ShortSha256.Hash(input, hash);
        for (var i = 0; i + 4 <= hash.Length; i += 4)
        {
            var word = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.Slice(i, 4));
            if (word != 0)
            {
                return word;
            }
        }

        return 1;
    }

    /// <summary>The host id as the number zpool compares (for messages).</summary>
    public static uint Value(string id) => uint.Parse(id, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
