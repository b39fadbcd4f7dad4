using System.Text.Json;
using System.Text.Json.Nodes;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dns;

/// <summary>dns/serials.json: each zone's serial in the last build, so serials never go back.</summary>
public static class SerialRecord
{
    public const string Path = "dns/serials.json";

    public static IReadOnlyDictionary<string, uint> Read(byte[]? file)
    {
        var result = new Dictionary<string, uint>(StringComparer.Ordinal);
        if (file is null)
        {
            return result;
        }

        try
        {
            if (JsonNode.Parse(file) is JsonObject obj)
            {
                foreach (var (zone, value) in obj)
                {
                    if (value is JsonValue v && v.TryGetValue<uint>(out var serial))
                    {
                        result[zone] = serial;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A damaged record is no record; the zone files themselves still count.
        }

        return result;
    }

    public static string Write(IReadOnlyDictionary<string, uint> serials) =>
        ViewJson.Serialize(new JsonObject(serials.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))));
}
