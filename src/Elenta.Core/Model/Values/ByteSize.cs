using System.Globalization;

namespace Elenta.Core.Model.Values;

/// <summary>A size in bytes, written as 8GiB (binary) or 4TB (decimal), as disk and memory vendors write them.</summary>
public readonly record struct ByteSize(long Bytes) : IComparable<ByteSize>
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40), ("PiB", 1L << 50),
        ("KB", 1000L), ("MB", 1000_000L), ("GB", 1000_000_000L), ("TB", 1000_000_000_000L), ("PB", 1000_000_000_000_000L),
        ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("T", 1L << 40),
        ("B", 1L),
    ];

    private static readonly (string Suffix, long Factor)[] Printable =
    [
        ("PiB", 1L << 50), ("PB", 1000_000_000_000_000L), ("TiB", 1L << 40), ("TB", 1000_000_000_000L),
        ("GiB", 1L << 30), ("GB", 1000_000_000L), ("MiB", 1L << 20), ("MB", 1000_000L), ("KiB", 1L << 10), ("KB", 1000L),
    ];

    public static ByteSize Zero => new(0);

    public static bool TryParse(string text, out ByteSize size)
    {
        size = default;
        var s = text.Trim();
        long factor = 1;
        foreach (var (suffix, f) in Units)
        {
            if (s.EndsWith(suffix, StringComparison.Ordinal))
            {
                factor = f;
                s = s[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number < 0)
        {
            return false;
        }

        if (number > long.MaxValue / factor)
        {
            return false; // larger than any disk or memory; and number * factor would overflow
        }

        var bytes = number * factor;

        size = new ByteSize((long)decimal.Round(bytes));
        return true;
    }

    public int CompareTo(ByteSize other) => Bytes.CompareTo(other.Bytes);

    public static ByteSize operator +(ByteSize a, ByteSize b) => new(a.Bytes + b.Bytes);

    public static bool operator >(ByteSize a, ByteSize b) => a.Bytes > b.Bytes;

    public static bool operator <(ByteSize a, ByteSize b) => a.Bytes < b.Bytes;

    public static bool operator >=(ByteSize a, ByteSize b) => a.Bytes >= b.Bytes;

    public static bool operator <=(ByteSize a, ByteSize b) => a.Bytes <= b.Bytes;

    /// <summary>The shortest exact form: the largest unit (binary or decimal) that divides the size, else bytes.</summary>
    public override string ToString()
    {
        if (Bytes == 0)
        {
            return "0B";
        }

        foreach (var (suffix, factor) in Printable)
        {
            if (Bytes % factor == 0)
            {
                return (Bytes / factor).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        return Bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }
}
