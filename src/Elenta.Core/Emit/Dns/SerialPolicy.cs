using System.Text;

namespace Elenta.Core.Emit.Dns;

/// <summary>
/// Chooses a zone's SOA serial, in YYYYMMDDnn form, so that it changes only when the zone does:
/// <list type="number">
/// <item>a serial given on the command line (<c>--serial N</c>) is used as is;</item>
/// <item>else, when the previous build holds this zone and its bytes are what this build would
/// write with the old serial, the old serial is kept;</item>
/// <item>else the new serial is today's <c>YYYYMMDD00</c>, or the old one plus one when that is not
/// larger (a second change on one day, or an old serial already ahead of the calendar), larger as
/// RFC 1982 compares serials (4294967295 is followed by today's);</item>
/// <item>when the previous zone file is gone, the serial recorded in the previous build's
/// dns/serials.json, else the serial the running name server reports (SOA query), stands for the
/// old one — the content is unknown, so the serial always moves past it;</item>
/// <item>with neither, today's <c>YYYYMMDD00</c>.</item>
/// </list>
/// </summary>
public static class SerialPolicy
{
    /// <param name="render">The zone's file for a given serial.</param>
    /// <param name="liveSerial">Asks the running name server; called only when there is no previous build.</param>
    public static uint Choose(Func<uint, string> render, DateOnly today, byte[]? previousFile, Func<uint?> liveSerial, uint? serialOverride) =>
        Choose(serial => Encoding.UTF8.GetBytes(render(serial)), today, previousFile, liveSerial, serialOverride);

    /// <param name="renderUtf8">The zone's file for a given serial, as the bytes written.</param>
    /// <param name="liveSerial">Asks the running name server; called only when there is no previous build.</param>
    public static uint Choose(Func<uint, byte[]> renderUtf8, DateOnly today, byte[]? previousFile, Func<uint?> liveSerial, uint? serialOverride)
    {
        if (serialOverride is { } fixedSerial)
        {
            return fixedSerial;
        }

        var first = FirstOfDay(today);
        if (previousFile is not null && ZoneWriter.ReadSerial(Encoding.UTF8.GetString(previousFile)) is { } old)
        {
            return previousFile.AsSpan().SequenceEqual(renderUtf8(old)) ? old : Next(old, first);
        }

        return liveSerial() is { } live ? Next(live, first) : first;
    }

    /// <summary>Today's first serial, YYYYMMDD00.</summary>
    public static uint FirstOfDay(DateOnly day) => (uint)((day.Year * 10000) + (day.Month * 100) + day.Day) * 100;

    /// <summary>
    /// The next serial: today's first when that comes after the old one, else the old one plus one,
    /// both in RFC 1982's arithmetic, the one secondaries compare serials by. Past 4294967295 the
    /// serial goes on from 0 (a --serial near the top, once); secondaries take that as newer.
    /// </summary>
    private static uint Next(uint old, uint first) => After(first, old) ? first : unchecked(old + 1);

    /// <summary>RFC 1982: <paramref name="later"/> comes after <paramref name="earlier"/> when it is ahead by less than half the serial space.</summary>
    private static bool After(uint later, uint earlier) => unchecked(later - earlier) is not 0 and < 0x8000_0000u;
}
