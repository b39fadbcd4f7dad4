using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Elenta.Core.Emit.Dns;

/// <summary>
/// When a public zone is signed again. Signatures are made from the day before the build (clocks
/// differ) for <see cref="ValidDays"/> days. The previous build's signed zone is kept, byte for byte,
/// while the unsigned zone has not changed and its signatures still have more than
/// <see cref="RefreshDays"/> days to run; otherwise the zone is signed again, and when only the
/// expiry forced it, its serial moves on too (the served zone changed: the secondaries must fetch it).
/// ED25519 signatures are deterministic, so the same zone signed on the same day gives the same bytes.
/// </summary>
public static partial class SignaturePolicy
{
    public const int ValidDays = 30;

    public const int RefreshDays = 10;

    public static DateTime Inception(DateOnly today) => today.AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    public static DateTime Expiration(DateOnly today) => today.AddDays(ValidDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>Whether a signed zone's signatures still run long enough to keep it: the earliest RRSIG expiration is past the refresh window.</summary>
    public static bool StillFresh(byte[] signedZone, DateOnly today)
    {
        var earliest = EarliestExpiration(Encoding.UTF8.GetString(signedZone));
        return earliest is { } e && e > today.AddDays(RefreshDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    }

    /// <summary>The earliest expiration of the RRSIG records of a zone file in ldns-signzone's form (one record a line), or null without any.</summary>
    public static DateTime? EarliestExpiration(string signedZone)
    {
        DateTime? earliest = null;
        foreach (Match m in RrsigExpiration().Matches(signedZone))
        {
            if (DateTime.TryParseExact(m.Groups[1].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var e)
                && (earliest is null || e < earliest))
            {
                earliest = e;
            }
        }

        return earliest;
    }

    // owner TTL IN RRSIG covered algorithm labels original-ttl EXPIRATION inception ...
    [GeneratedRegex(@"\sRRSIG\s+\S+\s+\d+\s+\d+\s+\d+\s+(\d{14})\s", RegexOptions.CultureInvariant)]
    private static partial Regex RrsigExpiration();
}
