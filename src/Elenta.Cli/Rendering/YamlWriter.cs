using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Elenta.Cli.Rendering;

/// <summary>Writes a JSON tree as block YAML (what <c>elenta show --format yaml</c> prints).</summary>
internal static partial class YamlWriter
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

    /// <summary>
    /// Whether a YAML reader would take the plain scalar for something other than a string: YAML
    /// 1.2's core schema, and YAML 1.1's wider one, which many readers still use (PyYAML: yes/no/on/off,
    /// 0x hex and 0-led octal, base-60 numbers such as a MAC of digits, dates). Such a string is quoted.
    /// </summary>
    internal static bool LooksLikeOtherType(string s) =>
        s.Length == 0 || double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) || OtherType().IsMatch(s);

    [System.Text.RegularExpressions.GeneratedRegex(
        "^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"
        + "|[-+]?0b[01_]+|[-+]?0o?[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[0-9][0-9_]*|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?"
        + "|[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)"
        + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?)$")]
    private static partial System.Text.RegularExpressions.Regex OtherType();
}
