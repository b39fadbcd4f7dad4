using Elenta.Core.Text;

namespace Elenta.Core.Loading;

/// <summary>Merge priority, as NixOS modules have it: <c>!force</c> wins, <c>!default</c> loses.</summary>
public enum Priority : short
{
    Force = 50,
    Normal = 100,
    Default = 1000,
}

/// <summary>One value read from one file, with its span. Produced by the YAML, JSON and Nix loaders.</summary>
public abstract class SyntaxNode
{
    protected SyntaxNode(Location location) => Location = location;

    public Location Location { get; }

    // Kept by each kind beside its own fields: a scalar's priority, style and null flag then fit in
    // the padding after its value (a site has millions of scalars).
    public abstract Priority Priority { get; }

    public abstract string KindName { get; }
}

public sealed class MappingSyntax : SyntaxNode
{
    private readonly Priority priority;

    public MappingSyntax(Location location, Priority priority, IReadOnlyList<MappingEntry> entries)
        : base(location)
    {
        Entries = entries;
        this.priority = priority;
    }

    public IReadOnlyList<MappingEntry> Entries { get; }

    public override Priority Priority => priority;

    public override string KindName => "mapping";
}

/// <summary>
/// A key and its value; a struct, kept inline in its mapping's array (a site has millions of
/// them). The key is written in its value's file: only its span is kept.
/// </summary>
public readonly struct MappingEntry(string key, Location keyLocation, SyntaxNode value)
{
    private readonly TextSpan keySpan = keyLocation.Span;

    public string Key { get; } = key;

    public SyntaxNode Value { get; } = value;

    public Location KeyLocation => new(Value.Location.File, keySpan);
}

public sealed class SequenceSyntax : SyntaxNode
{
    private readonly Priority priority;

    public SequenceSyntax(Location location, Priority priority, IReadOnlyList<SyntaxNode> items)
        : base(location)
    {
        Items = items;
        this.priority = priority;
    }

    public IReadOnlyList<SyntaxNode> Items { get; }

    public override Priority Priority => priority;

    public override string KindName => "list";
}

/// <summary>What a scalar looked like in its file, so "5432" (quoted) stays a string and 5432 is a number.</summary>
public enum ScalarStyle : byte
{
    Plain,
    Quoted,
}

public sealed class ScalarSyntax : SyntaxNode
{
    private readonly Priority priority;

    public ScalarSyntax(Location location, Priority priority, string value, ScalarStyle style, bool isNull)
        : base(location)
    {
        Value = value;
        this.priority = priority;
        Style = style;
        IsNull = isNull;
    }

    public string Value { get; }

    public override Priority Priority => priority;

    public ScalarStyle Style { get; }

    public bool IsNull { get; }

    public override string KindName => IsNull ? "null" : "value";
}
