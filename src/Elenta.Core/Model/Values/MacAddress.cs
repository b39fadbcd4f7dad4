using System.Globalization;

namespace Elenta.Core.Model.Values;

/// <summary>A 48-bit MAC address; accepts aa:bb:cc:dd:ee:ff, aa-bb-..., and aabb.ccdd.eeff; prints lower-case colon form.</summary>
public readonly record struct MacAddress(ulong Value)
{
    public static bool TryParse(string text, out MacAddress mac)
    {
        mac = default;
        var hex = new string(text.Trim().Where(c => c is not (':' or '-' or '.')).ToArray());
        if (hex.Length != 12 || !ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var separators = text.Trim().Where(c => c is ':' or '-' or '.').Count();
        if (separators is not (0 or 2 or 5))
        {
            return false;
        }

        mac = new MacAddress(value);
        return true;
    }

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
    public string ToDashed() => string.Join('-', GetBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    public override string ToString() => string.Join(':', GetBytes().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
