using System.Collections;

namespace Elenta.Core.Model;

/// <summary>Something with a name in the site and the merged node it was bound from.</summary>
public interface INamed
{
    string Name { get; }
}

/// <summary>Named things in definition order, with lookup by name. Immutable once built.</summary>
public sealed class NamedMap<T> : IReadOnlyList<T>
    where T : INamed
{
    /// <summary>Up to this many items are found by a scan: most maps (interfaces, addresses) are tiny and many.</summary>
    private const int ScanLimit = 8;

    private readonly T[] items;
    private readonly Dictionary<string, T>? byName;

    // The names of a small map, scanned without calling Name through the interface for each item.
    private readonly string[]? names;

    public NamedMap(IEnumerable<T> items)
        : this(items.ToArray())
    {
    }

    /// <summary>A map over <paramref name="items"/> itself, which the caller made for it and no longer touches.</summary>
    internal static NamedMap<T> Taking(T[] items) => new(items);

    private NamedMap(T[] items)
    {
        this.items = items;
        if (this.items.Length <= ScanLimit)
        {
            if (this.items.Length > 0)
            {
                names = new string[this.items.Length];
                for (var i = 0; i < this.items.Length; i++)
                {
                    names[i] = this.items[i].Name;
                }
            }

            return;
        }

        byName = new Dictionary<string, T>(this.items.Length, StringComparer.Ordinal);
        foreach (var item in this.items)
        {
            byName.TryAdd(item.Name, item);
        }
    }

    public static NamedMap<T> Empty { get; } = new([]);

    public int Count => items.Length;

    public T this[int index] => items[index];

    public T? this[string name] => TryGet(name, out var value) ? value : default;

    public bool TryGet(string name, out T value)
    {
        if (byName is not null)
        {
            return byName.TryGetValue(name, out value!);
        }

        if (names is not null)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (string.Equals(names[i], name, StringComparison.Ordinal))
                {
                    value = items[i];
                    return true;
                }
            }
        }

        value = default!;
        return false;
    }

    public bool Contains(string name) => TryGet(name, out _);

    public IEnumerable<string> Names => items.Select(i => i.Name);

    /// <summary>A struct enumerator: foreach over a map (done for every host, interface and address) allocates nothing.</summary>
    public Enumerator GetEnumerator() => new(items);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    public struct Enumerator(T[] items)
    {
        private int index = -1;

        public readonly T Current => items[index];

        public bool MoveNext() => ++index < items.Length;
    }
}
