using System.Text.Json.Nodes;

namespace Elenta.Core.Semantics.Schema;

/// <summary>
/// Writes <see cref="SiteSchema"/> as a JSON Schema (draft 2020-12), so editors with a YAML
/// language server complete and validate site files.
/// </summary>
public static class JsonSchemaWriter
{
    public static JsonObject Write()
    {
        var defs = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var root = Node(SiteSchema.Site, defs, isRoot: true).AsObject();
        var result = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://elenta.dev/schema/site.json",
            ["title"] = "Elenta site file",
            ["description"] = "Any file of an Elenta site; every file is merged into one site.",
        };
        foreach (var (k, v) in root.ToList())
        {
            root.Remove(k);
            result[k] = v;
        }

        result["$defs"] = new JsonObject(defs.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        return result;
    }

    private static JsonNode Node(SchemaType type, SortedDictionary<string, JsonNode> defs, bool isRoot = false)
    {
        switch (type)
        {
            case ObjectType obj when !isRoot:
                if (!defs.ContainsKey(obj.Name))
                {
                    defs[obj.Name] = new JsonObject(); // placeholder against recursion
                    defs[obj.Name] = ObjectBody(obj, defs);
                }

                return new JsonObject { ["$ref"] = "#/$defs/" + obj.Name };
            case ObjectType obj:
                return ObjectBody(obj, defs);
            case MapType map:
                return new JsonObject
                {
                    ["description"] = map.Description,
                    ["type"] = new JsonArray("object", "null"),
                    ["additionalProperties"] = Node(map.Values, defs),
                };
            case ListType list:
                return new JsonObject
                {
                    ["description"] = list.Description,
                    ["type"] = new JsonArray("array", "null"),
                    ["items"] = Node(list.Items, defs),
                };
            case OneOrManyType many:
                return new JsonObject
                {
                    ["description"] = many.Description,
                    ["anyOf"] = new JsonArray(Node(many.Item, defs), new JsonObject { ["type"] = "array", ["items"] = Node(many.Item, defs) }),
                };
            case ScalarType scalar:
                return Scalar(scalar);
            default:
                return new JsonObject { ["description"] = type.Description };
        }
    }

    private static JsonObject ObjectBody(ObjectType obj, SortedDictionary<string, JsonNode> defs)
    {
        var props = new JsonObject();
        foreach (var field in obj.Fields)
        {
            var node = Node(field.Type, defs);
            var wrapped = node is JsonObject o && o.ContainsKey("$ref")
                ? new JsonObject { ["description"] = field.Description, ["allOf"] = new JsonArray(node) }
                : node.AsObject();
            if (!wrapped.ContainsKey("description") || wrapped["description"]!.GetValue<string>() != field.Description)
            {
                wrapped["description"] = field.Description;
            }

            props[field.Name] = wrapped;
        }

        var body = new JsonObject
        {
            ["type"] = "object",
            ["description"] = obj.Description,
            ["properties"] = props,
            ["additionalProperties"] = false,
        };
        // No "required": any one file holds only part of the site (an overlay may add just a host
        // key), so required fields are checked by `elenta check` after the merge, not per file.

        return body;
    }

    private static JsonObject Scalar(ScalarType scalar)
    {
        var o = new JsonObject { ["description"] = scalar.Description };
        switch (scalar.Kind)
        {
            case ScalarKind.Integer:
                o["type"] = "integer";
                if (scalar.Min is { } min)
                {
                    o["minimum"] = min;
                }

                if (scalar.Max is { } max)
                {
                    o["maximum"] = max;
                }

                break;
            case ScalarKind.Number:
                o["type"] = "number";
                if (scalar.Min is { } above)
                {
                    o["exclusiveMinimum"] = above;
                }

                break;
            case ScalarKind.Boolean:
                o["type"] = "boolean";
                break;
            case ScalarKind.Enum:
                o["enum"] = new JsonArray(scalar.Values!.Select(v => (JsonNode?)v).ToArray());
                break;
            case ScalarKind.Severity:
                o["enum"] = new JsonArray("error", "warning", "info", "off");
                break;
            case ScalarKind.Size:
                o["type"] = new JsonArray("string", "integer");
                o["pattern"] = @"^[0-9]+(\.[0-9]+)?\s*(B|K|M|G|T|KB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|PiB)?$";
                break;
            case ScalarKind.Mac:
                o["type"] = "string";
                o["pattern"] = "^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}$|^[0-9A-Fa-f]{12}$";
                break;
            case ScalarKind.Port:
                o["type"] = new JsonArray("string", "integer");
                o["pattern"] = "^((tcp|udp)/)?[0-9]+(-[0-9]+)?$";
                break;
            case ScalarKind.Cidr:
                o["type"] = "string";
                // The prefix length as check reads it: digits without a leading zero.
                o["pattern"] = "^[0-9A-Fa-f.:]+/(0|[1-9][0-9]{0,2})$";
                break;
            case ScalarKind.Ip:
                o["type"] = "string";
                o["anyOf"] = new JsonArray(new JsonObject { ["format"] = "ipv4" }, new JsonObject { ["format"] = "ipv6" });
                break;
            case ScalarKind.Wwn:
                o["type"] = "string";
                o["pattern"] = "^(wwn-)?(0x)?([0-9A-Fa-f]{16}|[0-9A-Fa-f]{32})$";
                break;
            default:
                o["type"] = new JsonArray("string", "number", "boolean");
                break;
        }

        return o;
    }
}
