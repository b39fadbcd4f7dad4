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
    private readonly T[] items;
    private readonly Dictionary<string, T> byName;

    public NamedMap(IEnumerable<T> items)
    {
        this.items = items.ToArray();
        byName = new Dictionary<string, T>(this.items.Length, StringComparer.Ordinal);
        foreach (var item in this.items)
        {
            byName.TryAdd(item.Name, item);
        }
    }

    public static NamedMap<T> Empty { get; } = new([]);

    public int Count => items.Length;

    public T this[int index] => items[index];

    public T? this[string name] => byName.GetValueOrDefault(name);

    public bool TryGet(string name, out T value) => byName.TryGetValue(name, out value!);

    public bool Contains(string name) => byName.ContainsKey(name);

    public IEnumerable<string> Names => items.Select(i => i.Name);

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();
}
