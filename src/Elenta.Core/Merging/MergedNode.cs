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
    protected MergedNode(MergedNode? parent, string segment, Location? keyLocation, IReadOnlyList<SyntaxNode> definitions, IReadOnlyList<SyntaxNode> overridden)
    {
        Parent = parent;
        Segment = segment;
        KeyLocation = keyLocation;
        Definitions = definitions;
        Overridden = overridden;
    }

    public MergedNode? Parent { get; }

    /// <summary>The map key or "[i]" list index that leads here from the parent.</summary>
    public string Segment { get; }

    /// <summary>Where the key of this value was written (first definition), if it is a map entry.</summary>
    public Location? KeyLocation { get; }

    /// <summary>The definitions that make up this value (all of the winning priority).</summary>
    public IReadOnlyList<SyntaxNode> Definitions { get; }

    /// <summary>Definitions that lost to a higher priority (!force over plain, plain over !default).</summary>
    public IReadOnlyList<SyntaxNode> Overridden { get; }

    /// <summary>Where the value is, for diagnostics: its first winning definition.</summary>
    public Location Location => Definitions[0].Location;

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
    private readonly Dictionary<string, MergedNode> children;

    internal MergedMapping(MergedNode? parent, string segment, Location? keyLocation, IReadOnlyList<SyntaxNode> definitions, IReadOnlyList<SyntaxNode> overridden, int capacity)
        : base(parent, segment, keyLocation, definitions, overridden)
    {
        children = new Dictionary<string, MergedNode>(capacity, StringComparer.Ordinal);
        Keys = new List<string>(capacity);
    }

    /// <summary>Keys in the order they were first defined (file order, then position).</summary>
    public List<string> Keys { get; }

    public int Count => Keys.Count;

    public IEnumerable<KeyValuePair<string, MergedNode>> Entries => Keys.Select(k => new KeyValuePair<string, MergedNode>(k, children[k]));

    public MergedNode? this[string key] => children.GetValueOrDefault(key);

    public bool TryGet(string key, out MergedNode node) => children.TryGetValue(key, out node!);

    internal void Add(string key, MergedNode node)
    {
        children[key] = node;
        Keys.Add(key);
    }

    public override string KindName => "mapping";
}

public sealed class MergedSequence : MergedNode
{
    internal MergedSequence(MergedNode? parent, string segment, Location? keyLocation, IReadOnlyList<SyntaxNode> definitions, IReadOnlyList<SyntaxNode> overridden)
        : base(parent, segment, keyLocation, definitions, overridden)
    {
    }

    public List<MergedNode> Items { get; } = new();

    public override string KindName => "list";
}

public sealed class MergedScalar : MergedNode
{
    internal MergedScalar(MergedNode? parent, string segment, Location? keyLocation, IReadOnlyList<SyntaxNode> definitions, IReadOnlyList<SyntaxNode> overridden)
        : base(parent, segment, keyLocation, definitions, overridden)
    {
    }

    public ScalarSyntax Syntax => (ScalarSyntax)Definitions[0];

    public string Text => Syntax.Value;

    public bool IsNull => Syntax.IsNull;

    public bool IsQuoted => Syntax.Style == ScalarStyle.Quoted;

    /// <summary>The parsed value (a number, a size, an address...), set once by the schema check.</summary>
    public object? Parsed { get; internal set; }

    public override string KindName => IsNull ? "null" : "value";
}
