using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Elenta.Cli.Rendering;

/// <summary>Writes a JSON tree as block YAML (what <c>elenta show --format yaml</c> prints).</summary>
internal static class YamlWriter
{
    public static string Write(JsonNode? node)
    {
        var sw = new StringWriter();
        var emitter = new Emitter(sw);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return sw.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(new Scalar(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray arr:
                emitter.Emit(new SequenceStart(null, null, true, arr.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in arr)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                if (value.GetValueKind() == JsonValueKind.String)
                {
                    var s = value.GetValue<string>();
                    var plain = !LooksLikeOtherType(s);
                    emitter.Emit(new Scalar(null, null, s, plain ? ScalarStyle.Any : ScalarStyle.DoubleQuoted, plain, !plain));
                }
                else
                {
                    emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, true, false));
                }

                break;
        }
    }

    private static bool LooksLikeOtherType(string s) =>
        s.Length == 0 || s is "true" or "false" or "null" or "~" || double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
}
