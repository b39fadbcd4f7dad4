using System.Globalization;

namespace Elenta.Core.Model.Values;

/// <summary>
/// A DHCP lease time: seconds (3600), or numbers with units s, m, h, d, w, possibly combined
/// (1h30m). Both dnsmasq and Kea receive it as <see cref="Seconds"/>; <see cref="Text"/> is how the
/// site wrote it, which the machine views repeat.
/// </summary>
public readonly record struct LeaseTime(int Seconds, string Text)
{
    /// <summary>dnsmasq refuses leases shorter than two minutes.</summary>
    public const int MinimumSeconds = 120;

    public static LeaseTime Default { get; } = new(12 * 3600, "12h");

    public override string ToString() => Text;

    public static bool TryParse(string text, out int seconds)
    {
        seconds = 0;
        var s = text.Trim();
        if (s.Length == 0)
        {
            return false;
        }

        if (s.All(char.IsAsciiDigit))
        {
            return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out seconds);
        }

        long total = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start || i == s.Length || i - start > 9)
            {
                return false;
            }

            var number = long.Parse(s[start..i], NumberStyles.None, CultureInfo.InvariantCulture);
            long? factor = s[i] switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                'w' => 604800,
                _ => null,
            };
            if (factor is null)
            {
                return false;
            }

            total += number * factor.Value;
            if (total > int.MaxValue)
            {
                return false;
            }

            i++;
        }

        seconds = (int)total;
        return true;
    }
}
