using System.Diagnostics;
using System.Text;
using Elenta.Core.Loading;
using Elenta.Core.Text;

namespace Elenta.Core.Merging;

/// <summary>
/// One value of the merged site tree. It remembers every definition that contributed to it (the
/// ones that won, and the ones a higher priority overrode), so <c>elenta explain</c> can tell where a
/// value came from.
/// </summary>
public abstract class MergedNode
{
    /// <param name="first">The winning definition that locates the value (see <see cref="First"/>).</param>
    /// <param name="all">Every winning definition, when there is more than one; null for the common single one.</param>
    protected MergedNode(MergedNode? parent, string segment, Location? keyLocation, SyntaxNode first, IReadOnlyList<SyntaxNode>? all, IReadOnlyList<SyntaxNode> overridden)
    {
        Parent = parent;
        Segment = segment;
        First = first;
        if (keyLocation is { } key)
        {
            Debug.Assert(key.File == first.Location.File, "a key is written in the file of its value");
            keySpan = key.Span;
        }
        else
        {
            keySpan = NoKey;
        }

        if (all is { Count: > 1 } || overridden.Count > 0)
        {
            more = new Others(all is { Count: > 1 } ? all : null, overridden);
        }
    }

    // Most values have one definition and none overridden: it is kept alone, without a list
    // around it (a site has a million values), and read without an interface call (Location is
    // read for every value).
    private readonly Others? more;

    private sealed record Others(IReadOnlyList<SyntaxNode>? All, IReadOnlyList<SyntaxNode> Overridden);

    public MergedNode? Parent { get; }

    /// <summary>The map key or "[i]" list index that leads here from the parent.</summary>
    public string Segment { get; }

    /// <summary>Where the key of this value was written (in the definition <see cref="First"/> is), if it is a map entry.</summary>
    public Location? KeyLocation => keySpan.Start < 0 ? null : new Location(First.Location.File, keySpan);

    private static readonly TextSpan NoKey = new(-1, 0);

    // The key is in First's file: only its span is kept (a site has a million values, and a
    // nullable location would take three times the room).
    private readonly TextSpan keySpan;

    /// <summary>The definitions that make up this value (all of the winning priority), in file order.</summary>
    public IReadOnlyList<SyntaxNode> Definitions => more?.All ?? [First];

    /// <summary>
    /// The definition that locates this value: for a value, the first of <see cref="Definitions"/>; for
    /// a mapping several files write, the one that defines it rather than one that only adds a
    /// sub-key (the merger's choice: the most keys, then the most plain values, then file order).
    /// </summary>
    public SyntaxNode First { get; }

    /// <summary>Definitions that lost to a higher priority (!force over plain, plain over !default).</summary>
    public IReadOnlyList<SyntaxNode> Overridden => more?.Overridden ?? [];

    /// <summary>Where the value is, for diagnostics: its defining definition, <see cref="First"/>.</summary>
    public Location Location => First.Location;

    public abstract string KindName { get; }

    public string Path
    {
        get
        {
            var parts = new List<string>();
            for (var n = this; n?.Parent is not null; n = n.Parent)
            {
                parts.Add(n.Segment);
            }

            parts.Reverse();
            var sb = new StringBuilder();
            foreach (var p in parts)
            {
                if (p.StartsWith('['))
                {
                    sb.Append(p);
                    continue;
                }

                if (sb.Length > 0)
                {
                    sb.Append('.');
                }

                sb.Append(PathSyntax.Quote(p));
            }

            return sb.ToString();
        }
    }
}

public sealed class MergedMapping : MergedNode
{
    /// <summary>Up to this many keys are found by a linear scan; most mappings of a site are this small (a host has about 12).</summary>
    private const int LinearLimit = 16;

    // Plain arrays, sized by the merger (a site has a quarter of a million mappings: two lists
    // around them would cost 64 bytes each).
    private string[] keys;
    private MergedNode[] values;
    private int count;
    private Dictionary<string, MergedNode>? index;

    internal MergedMapping(MergedNode? parent, string segment, Location? keyLocation, SyntaxNode first, IReadOnlyList<SyntaxNode>? all, IReadOnlyList<SyntaxNode> overridden, int capacity)
        : base(parent, segment, keyLocation, first, all, overridden)
    {
        keys = capacity == 0 ? [] : new string[capacity];
        values = capacity == 0 ? [] : new MergedNode[capacity];
    }

    /// <summary>Keys in the order they were first defined (file order, then position).</summary>
    public ArraySegment<string> Keys => new(keys, 0, count);

    public int Count => count;

    /// <summary>Key and value pairs in key order; foreach over them allocates nothing (it is done for every value of a site).</summary>
    public EntryList Entries => new(this);

    public readonly struct EntryList(MergedMapping map) : IEnumerable<KeyValuePair<string, MergedNode>>
    {
        public Enumerator GetEnumerator() => new(map);

        IEnumerator<KeyValuePair<string, MergedNode>> IEnumerable<KeyValuePair<string, MergedNode>>.GetEnumerator() => GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    public struct Enumerator(MergedMapping map) : IEnumerator<KeyValuePair<string, MergedNode>>
    {
        private int index = -1;

        public readonly KeyValuePair<string, MergedNode> Current => new(map.keys[index], map.values[index]);

        readonly object System.Collections.IEnumerator.Current => Current;

        public bool MoveNext() => ++index < map.count;

        public void Reset() => index = -1;

        public readonly void Dispose()
        {
        }
    }

    public MergedNode? this[string key] => TryGet(key, out var node) ? node : null;

    /// <summary>The <paramref name="index"/>th key (in <see cref="Keys"/> order).</summary>
    public string KeyAt(int index) => index < count ? keys[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The value of the <paramref name="index"/>th key (in <see cref="Keys"/> order).</summary>
    public MergedNode ValueAt(int index) => index < count ? values[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public bool TryGet(string key, out MergedNode node)
    {
        if (index is not null)
        {
            return index.TryGetValue(key, out node!);
        }

        var at = Array.IndexOf(keys, key, 0, count);
        node = at >= 0 ? values[at] : null!;
        return at >= 0;
    }

    /// <summary>Adds a key the mapping does not have yet (the loaders and the merger never repeat one).</summary>
    internal void Add(string key, MergedNode node)
    {
        if (count == keys.Length)
        {
            var size = Math.Max(4, count * 2);
            Array.Resize(ref keys, size);
            Array.Resize(ref values, size);
        }

        keys[count] = key;
        values[count] = node;
        count++;
        if (index is not null)
        {
            index[key] = node;
        }
        else if (count > LinearLimit)
        {
            index = new Dictionary<string, MergedNode>(keys.Length, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                index[keys[i]] = values[i];
            }
        }
    }

    /// <summary>Gives back the room of keys that merged into one (the merger sizes a mapping for every key of every file that writes it).</summary>
    internal void Trim()
    {
        if (count < keys.Length)
        {
            Array.Resize(ref keys, count);
            Array.Resize(ref values, count);
        }
    }

    public override string KindName => "mapping";
}

public sealed class MergedSequence : MergedNode
{
    internal MergedSequence(MergedNode? parent, string segment, Location? keyLocation, SyntaxNode first, IReadOnlyList<SyntaxNode>? all, IReadOnlyList<SyntaxNode> overridden)
        : base(parent, segment, keyLocation, first, all, overridden)
    {
    }

    public List<MergedNode> Items { get; } = new();

    public override string KindName => "list";
}

public sealed class MergedScalar : MergedNode
{
    internal MergedScalar(MergedNode? parent, string segment, Location? keyLocation, ScalarSyntax first, IReadOnlyList<SyntaxNode>? all, IReadOnlyList<SyntaxNode> overridden)
        : base(parent, segment, keyLocation, first, all, overridden)
    {
    }

    public ScalarSyntax Syntax => (ScalarSyntax)First;

    public string Text => Syntax.Value;

    public bool IsNull => Syntax.IsNull;

    public bool IsQuoted => Syntax.Style == ScalarStyle.Quoted;

    /// <summary>The parsed value (a number, a size, an address...), set once by the schema check.</summary>
    public object? Parsed { get; internal set; }

    public override string KindName => IsNull ? "null" : "value";
}
