using Elenta.Core.Text;

namespace Elenta.Core.Loading;

/// <summary>Merge priority, as NixOS modules have it: <c>!force</c> wins, <c>!default</c> loses.</summary>
public enum Priority
{
    Force = 50,
    Normal = 100,
    Default = 1000,
}

/// <summary>One value read from one file, with its span. Produced by the YAML, JSON and Nix loaders.</summary>
public abstract class SyntaxNode
{
    protected SyntaxNode(Location location, Priority priority)
    {
        Location = location;
        Priority = priority;
    }

    public Location Location { get; }

    public Priority Priority { get; }

    public abstract string KindName { get; }
}

public sealed class MappingSyntax : SyntaxNode
{
    public MappingSyntax(Location location, Priority priority, IReadOnlyList<MappingEntry> entries)
        : base(location, priority) => Entries = entries;

    public IReadOnlyList<MappingEntry> Entries { get; }

    public override string KindName => "mapping";
}

/// <summary>A key and its value; a struct, kept inline in its mapping's array (a site has a million of them).</summary>
public readonly record struct MappingEntry(string Key, Location KeyLocation, SyntaxNode Value);

public sealed class SequenceSyntax : SyntaxNode
{
    public SequenceSyntax(Location location, Priority priority, IReadOnlyList<SyntaxNode> items)
        : base(location, priority) => Items = items;

    public IReadOnlyList<SyntaxNode> Items { get; }

    public override string KindName => "list";
}

/// <summary>What a scalar looked like in its file, so "5432" (quoted) stays a string and 5432 is a number.</summary>
public enum ScalarStyle
{
    Plain,
    Quoted,
}

public sealed class ScalarSyntax : SyntaxNode
{
    public ScalarSyntax(Location location, Priority priority, string value, ScalarStyle style, bool isNull)
        : base(location, priority)
    {
        Value = value;
        Style = style;
        IsNull = isNull;
    }

    public string Value { get; }

    public ScalarStyle Style { get; }

    public bool IsNull { get; }

    public override string KindName => IsNull ? "null" : "value";
}
