namespace Elenta.Core.Semantics.Schema;

/// <summary>
/// The shape of the site format, declared once. The same declaration drives the check of the merged
/// tree (unknown keys, wrong kinds, missing fields, unparsable values) and <c>elenta schema</c>'s
/// JSON Schema, so the two cannot disagree.
/// </summary>
public abstract record SchemaType(string Description);

public enum ScalarKind
{
    String,
    Integer,
    Number,
    Boolean,
    Size,
    Ip,
    Cidr,
    Mac,
    Wwn,
    Port,
    Enum,
    Name,
    Severity,
}

/// <summary>
/// A single value, parsed into a typed value (a number, a size, an address...). <paramref name="Min"/>
/// and <paramref name="Max"/> bound a whole number (a size: its bytes), both included; a number
/// (a ratio) can only be bounded below, by 0 excluded ("above zero"). A value outside its bounds is
/// reported as a value that does not parse.
/// </summary>
public sealed record ScalarType(ScalarKind Kind, string Description, IReadOnlyList<string>? Values = null, long? Min = null, long? Max = null) : SchemaType(Description)
{
    /// <summary>"at least 1", "from 1 to 65535", or null when unbounded (a size above zero reads "above zero").</summary>
    public string? RangeText => (Kind, Min, Max) switch
    {
        (ScalarKind.Size, 1, null) or (ScalarKind.Number, 0, null) => "above zero",
        (_, { } min, { } max) => $"from {min} to {max}",
        (_, { } min, null) => $"at least {min}",
        (_, null, { } max) => $"at most {max}",
        _ => null,
    };
}

/// <summary>A mapping with known keys.</summary>
public sealed record ObjectType(string Name, string Description, IReadOnlyList<Field> Fields) : SchemaType(Description)
{
    private readonly Dictionary<string, Field> byName = Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public Field? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>The fields a mapping must have, as an array: checked on every mapping of the site, without an enumerator each.</summary>
    public Field[] RequiredFields { get; } = [.. Fields.Where(f => f.Required)];
}

public sealed record Field(string Name, SchemaType Type, bool Required, string Description);

/// <summary>A mapping from names the user chooses to values of one type.</summary>
public sealed record MapType(SchemaType Values, string Description, string KeyKind = "name") : SchemaType(Description);

/// <summary>A list of values of one type.</summary>
public sealed record ListType(SchemaType Items, string Description) : SchemaType(Description);

/// <summary>A single value or a list of them (records: "A: 10.0.0.1" or "A: [10.0.0.1, 10.0.0.2]").</summary>
public sealed record OneOrManyType(ScalarType Item, string Description) : SchemaType(Description);

/// <summary>Free-form data handed to a role or driver as it is (extraOpts, nixos payloads).</summary>
public sealed record AnyType(string Description) : SchemaType(Description);
