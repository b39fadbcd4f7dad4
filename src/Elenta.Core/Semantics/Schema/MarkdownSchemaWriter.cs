using System.Text;

namespace Elenta.Core.Semantics.Schema;

/// <summary>
/// Writes <see cref="SiteSchema"/> as a Markdown field reference: one table per object type, in
/// the order a reader meets them. docs/format.md embeds this output, and a test keeps it current.
/// </summary>
public static class MarkdownSchemaWriter
{
    public static string Write()
    {
        var sb = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<ObjectType>();
        queue.Enqueue(SiteSchema.Site);
        seen.Add(SiteSchema.Site.Name);
        while (queue.Count > 0)
        {
            var obj = queue.Dequeue();
            sb.Append("### ").Append(obj.Name).Append("\n\n").Append(obj.Description).Append("\n\n");
            sb.Append("| key | type | required | meaning |\n|---|---|---|---|\n");
            foreach (var field in obj.Fields)
            {
                sb.Append("| `").Append(field.Name).Append("` | ").Append(TypeName(field.Type)).Append(" | ")
                    .Append(field.Required ? "yes" : string.Empty).Append(" | ").Append(Escape(field.Description)).Append(" |\n");
                foreach (var nested in Objects(field.Type))
                {
                    if (seen.Add(nested.Name))
                    {
                        queue.Enqueue(nested);
                    }
                }
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static IEnumerable<ObjectType> Objects(SchemaType type) => type switch
    {
        ObjectType o => [o],
        MapType m => Objects(m.Values),
        ListType l => Objects(l.Items),
        _ => [],
    };

    private static string TypeName(SchemaType type) => type switch
    {
        ObjectType o => $"[{o.Name}](#{o.Name.ToLowerInvariant()})",
        MapType m => $"map of {TypeName(m.Values)}",
        ListType l => $"list of {TypeName(l.Items)}",
        OneOrManyType many => $"{TypeName(many.Item)} or a list",
        ScalarType { Kind: ScalarKind.Enum } e => string.Join(" \\| ", e.Values!.Select(v => $"`{v}`")),
        ScalarType { RangeText: { } range } s => $"{TypeName(s with { Min = null, Max = null })}, {range}",
        ScalarType s => s.Kind switch
        {
            ScalarKind.Size => "size",
            ScalarKind.Ip => "IP address",
            ScalarKind.Cidr => "CIDR",
            ScalarKind.Mac => "MAC",
            ScalarKind.Wwn => "WWN",
            ScalarKind.Port => "port",
            ScalarKind.Integer => "integer",
            ScalarKind.Number => "number",
            ScalarKind.Boolean => "boolean",
            ScalarKind.Name => "name",
            ScalarKind.Severity => "`error` \\| `warning` \\| `info` \\| `off`",
            _ => "string",
        },
        _ => "any",
    };

    private static string Escape(string s) => s.Replace("|", "\\|");
}
