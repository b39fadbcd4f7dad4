using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluid.Values;

namespace Elenta.Core.Emit.Files;

/// <summary>
/// Turns a JSON view into Fluid values, so a template walks exactly what view.json holds: objects
/// become dictionaries (<c>roles[0].options.target</c>), arrays become arrays, numbers, strings,
/// booleans and null stay what they are. No .NET object is exposed to templates.
/// Objects are turned as the template reaches into them, not before: a machine's view holds the
/// directories of its constellations, which a template mostly does not read, and turning all of it
/// for every machine was most of a build's time on a site whose machines each receive a file.
/// </summary>
public static class TemplateModel
{
    public static FluidValue From(JsonNode? node) => node switch
    {
        null => NilValue.Instance,
        JsonObject o => new DictionaryValue(new LazyObject(o)),
        JsonArray a => new ArrayValue(a.Select(From).ToArray()),
        JsonValue v => Scalar(v),
        _ => NilValue.Instance,
    };

    /// <summary>A JSON object whose members become Fluid values when first asked for (a render is one thread).</summary>
    private sealed class LazyObject(JsonObject json) : IFluidIndexable
    {
        private readonly Dictionary<string, FluidValue> turned = new(StringComparer.Ordinal);

        public int Count => json.Count;

        public IEnumerable<string> Keys => json.Select(kv => kv.Key);

        public bool TryGetValue(string name, out FluidValue value)
        {
            if (turned.TryGetValue(name, out value!))
            {
                return true;
            }

            if (!json.TryGetPropertyValue(name, out var node))
            {
                value = NilValue.Instance;
                return false;
            }

            value = From(node);
            turned[name] = value;
            return true;
        }
    }

    private static FluidValue Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => StringValue.Create(value.GetValue<string>()),
        JsonValueKind.True => BooleanValue.True,
        JsonValueKind.False => BooleanValue.False,
        JsonValueKind.Number => NumberValue.Create(decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)),
        _ => NilValue.Instance,
    };
}
