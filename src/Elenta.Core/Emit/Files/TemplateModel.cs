using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluid.Values;

namespace Elenta.Core.Emit.Files;

/// <summary>
/// Turns a JSON view into Fluid values, so a template walks exactly what view.json holds: objects
/// become dictionaries (<c>roles[0].options.target</c>), arrays become arrays, numbers, strings,
/// booleans and null stay what they are. No .NET object is exposed to templates.
/// </summary>
public static class TemplateModel
{
    public static FluidValue From(JsonNode? node) => node switch
    {
        null => NilValue.Instance,
        JsonObject o => new DictionaryValue(new FluidValueDictionaryFluidIndexable(
            o.ToDictionary(kv => kv.Key, kv => From(kv.Value), StringComparer.Ordinal))),
        JsonArray a => new ArrayValue(a.Select(From).ToArray()),
        JsonValue v => Scalar(v),
        _ => NilValue.Instance,
    };

    private static FluidValue Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => StringValue.Create(value.GetValue<string>()),
        JsonValueKind.True => BooleanValue.True,
        JsonValueKind.False => BooleanValue.False,
        JsonValueKind.Number => NumberValue.Create(decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)),
        _ => NilValue.Instance,
    };
}
