using Elenta.Core.Merging;
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

    public static IReadOnlyList<string> Strings(this MergedMapping? map, string key) =>
        map.Items(key).OfType<MergedScalar>().Select(s => s.Parsed as string).OfType<string>().ToList();

    public static IReadOnlyList<T> Values<T>(this MergedMapping? map, string key)
        where T : struct
    {
        var node = map.Child(key);
        return node switch
        {
            MergedSequence seq => seq.Items.OfType<MergedScalar>().Where(s => s.Parsed is T).Select(s => (T)s.Parsed!).ToList(),
            MergedScalar { Parsed: T t } => [t],
            _ => [],
        };
    }

    public static IReadOnlyList<string> OneOrManyStrings(this MergedMapping? map, string key) => map.Child(key) switch
    {
        MergedSequence seq => seq.Items.OfType<MergedScalar>().Select(s => s.Parsed as string).OfType<string>().ToList(),
        MergedScalar { Parsed: string s } => [s],
        _ => [],
    };

    /// <summary>The location of a field, or of the mapping when the field is absent.</summary>
    public static Elenta.Core.Text.Location At(this MergedMapping map, string key) => map[key]?.Location ?? map.KeyLocation ?? map.Location;

    public static Elenta.Core.Text.Location KeyAt(this MergedNode node) => node.KeyLocation ?? node.Location;

    public static IpAddress? Ip(this MergedMapping? map, string key) => map.Value<IpAddress>(key);
}
