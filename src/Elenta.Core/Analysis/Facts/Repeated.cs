namespace Elenta.Core.Analysis.Facts;

/// <summary>Finds the keys that more than one item holds, without a list per key: in a sound site nearly every key is held once.</summary>
internal static class Repeated
{
    /// <summary>
    /// The items of each key that two or more hold, in item order; the groups in the order their
    /// key first appears (what grouping every item by key and skipping the groups of one gives).
    /// </summary>
    public static List<List<T>> Groups<T, TKey>(IReadOnlyList<T> items, Func<T, TKey> keyOf)
        where TKey : notnull
    {
        var first = new Dictionary<TKey, int>(items.Count);
        Dictionary<TKey, List<T>>? groups = null;
        for (var i = 0; i < items.Count; i++)
        {
            var key = keyOf(items[i]);
            if (first.TryAdd(key, i))
            {
                continue;
            }

            groups ??= [];
            if (!groups.TryGetValue(key, out var group))
            {
                group = [items[first[key]]];
                groups[key] = group;
            }

            group.Add(items[i]);
        }

        if (groups is null)
        {
            return [];
        }

        var ordered = new List<(int First, List<T> Group)>(groups.Count);
        foreach (var (key, group) in groups)
        {
            ordered.Add((first[key], group));
        }

        ordered.Sort((a, b) => a.First.CompareTo(b.First));
        return ordered.ConvertAll(g => g.Group);
    }
}
