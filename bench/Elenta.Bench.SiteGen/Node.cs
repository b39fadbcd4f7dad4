namespace Elenta.Bench.SiteGen;

/// <summary>
/// A mapping in the generated site data, keeping keys in insertion order so every writer emits the
/// same text for the same site. Values are string, long, bool, <see cref="Node"/> or a list of those.
/// </summary>
internal sealed class Node : OrderedDictionary<string, object>
{
    public Node()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>The mapping under <paramref name="key"/>, created when missing.</summary>
    public Node Child(string key)
    {
        if (!TryGetValue(key, out var value))
        {
            value = new Node();
            Add(key, value);
        }

        return (Node)value;
    }

    /// <summary>Deep-merges <paramref name="other"/> into this mapping, the way the site loader merges files.</summary>
    public void MergeFrom(Node other)
    {
        foreach (var (key, value) in other)
        {
            if (value is Node child && TryGetValue(key, out var existing) && existing is Node mine)
            {
                mine.MergeFrom(child);
            }
            else if (!TryAdd(key, value))
            {
                throw new InvalidOperationException($"generated files collide at '{key}'");
            }
        }
    }
}
