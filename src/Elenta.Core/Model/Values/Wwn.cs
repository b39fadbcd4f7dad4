using System.Globalization;

namespace Elenta.Core.Model.Values;

/// <summary>
/// A disk's World Wide Name: 16 or 32 hex digits, as /dev/disk/by-id/wwn-0x... shows them.
/// Kept as normalised lower-case hex with the 0x prefix.
/// </summary>
public readonly record struct Wwn(string Hex)
{
    public static bool TryParse(string text, out Wwn wwn)
    {
        wwn = default;
        var s = text.Trim().ToLowerInvariant();
        if (s.StartsWith("wwn-", StringComparison.Ordinal))
        {
            s = s[4..];
        }

        if (s.StartsWith("0x", StringComparison.Ordinal))
        {
            s = s[2..];
        }

        if (s.Length is not (16 or 32) || !s.All(Uri.IsHexDigit))
        {
            return false;
        }

        wwn = new Wwn("0x" + s);
        return true;
    }

    /// <summary>The stable device path for this disk.</summary>
    public string ByIdPath => "/dev/disk/by-id/wwn-" + Hex;

    public override string ToString() => Hex;
}
