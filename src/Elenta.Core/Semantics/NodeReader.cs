using Elenta.Core.Merging;
using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics;

/// <summary>
/// Reads checked values out of the merged tree. The schema check has already parsed and reported
/// every scalar, so a value that failed reads as absent here and is not reported twice.
/// </summary>
internal static class NodeReader
{
    public static MergedNode? Child(this MergedMapping? map, string key) => map?[key] is { } n && n is not MergedScalar { IsNull: true } ? n : null;

    public static MergedMapping? Map(this MergedMapping? map, string key) => map.Child(key) as MergedMapping;

    public static IEnumerable<MergedNode> Items(this MergedMapping? map, string key) =>
        map.Child(key) is MergedSequence seq ? seq.Items : [];

    /// <summary>
    /// Binds each entry of the mapping under <paramref name="key"/> whose value is a mapping, in
    /// order: what <c>new NamedMap(map.Entries(key).Select(bind))</c> gives, without an iterator
    /// or a growing buffer (it is done for every host, interface and instance of a site).
    /// </summary>
    public static NamedMap<T> Named<T>(this MergedMapping? map, string key, Func<(string Key, MergedMapping Value), T> bind)
        where T : INamed
    {
        if (map.Map(key) is not { } m)
        {
            return new NamedMap<T>([]);
        }

        var count = 0;
        for (var i = 0; i < m.Count; i++)
        {
            if (m.ValueAt(i) is MergedMapping)
            {
                count++;
            }
        }

        var items = new T[count];
        var n = 0;
        for (var i = 0; i < m.Count; i++)
        {
            if (m.ValueAt(i) is MergedMapping value)
            {
                items[n++] = bind((m.KeyAt(i), value));
            }
        }

        return NamedMap<T>.Taking(items);
    }

    public static IEnumerable<(string Key, MergedMapping Value)> Entries(this MergedMapping? map, string key) =>
        map.Map(key) is { } m ? m.Entries.Where(e => e.Value is MergedMapping).Select(e => (e.Key, (MergedMapping)e.Value)) : [];

    public static string? Str(this MergedMapping? map, string key) => (map.Child(key) as MergedScalar)?.Parsed as string;

    public static long? Long(this MergedMapping? map, string key) => (map.Child(key) as MergedScalar)?.Parsed is long l ? l : null;

    public static int? Int(this MergedMapping? map, string key) =>
        map.Long(key) is { } l && l is >= int.MinValue and <= int.MaxValue ? (int)l : null;

    public static double? Double(this MergedMapping? map, string key) => (map.Child(key) as MergedScalar)?.Parsed is double d ? d : null;

    public static bool? Bool(this MergedMapping? map, string key) => (map.Child(key) as MergedScalar)?.Parsed is bool b ? b : null;

    public static T? Value<T>(this MergedMapping? map, string key)
        where T : struct => (map.Child(key) as MergedScalar)?.Parsed is T t ? t : null;

    // The lists below are read for every host and interface (most have none): plain loops, and
    // nothing made for an absent key.
    public static IReadOnlyList<string> Strings(this MergedMapping? map, string key) =>
        map.Child(key) is MergedSequence seq ? ParsedItems<string>(seq) : [];

    public static IReadOnlyList<T> Values<T>(this MergedMapping? map, string key)
        where T : struct => map.Child(key) switch
        {
            MergedSequence seq => ParsedItems<T>(seq),
            MergedScalar { Parsed: T t } => [t],
            _ => [],
        };

    public static IReadOnlyList<string> OneOrManyStrings(this MergedMapping? map, string key) => map.Child(key) switch
    {
        MergedSequence seq => ParsedItems<string>(seq),
        MergedScalar { Parsed: string s } => [s],
        _ => [],
    };

    /// <summary>The parsed values of type <typeparamref name="T"/> of a list's scalars, in order.</summary>
    private static List<T> ParsedItems<T>(MergedSequence seq)
    {
        var items = seq.Items;
        var list = new List<T>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is MergedScalar { Parsed: T value })
            {
                list.Add(value);
            }
        }

        return list;
    }

    /// <summary>The location of a field, or of the mapping when the field is absent.</summary>
    public static Elenta.Core.Text.Location At(this MergedMapping map, string key) => map[key]?.Location ?? map.KeyLocation ?? map.Location;

    public static Elenta.Core.Text.Location KeyAt(this MergedNode node) => node.KeyLocation ?? node.Location;

    public static IpAddress? Ip(this MergedMapping? map, string key) => map.Value<IpAddress>(key);
}
