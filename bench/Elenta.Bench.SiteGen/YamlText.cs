using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Elenta.Bench.SiteGen;

/// <summary>
/// Writes a <see cref="Node"/> as YAML the way a person would: block mappings, with short mappings
/// and lists of scalars in flow style ({ cpus: 32, memory: 128GiB }).
/// </summary>
internal static partial class YamlText
{
    private const int FlowWidth = 100;

    public static string Write(Node root, string? comment = null)
    {
        var sb = new StringBuilder();
        if (comment is not null)
        {
            sb.Append("# ").Append(comment).Append('\n');
        }

        WriteBlock(sb, root, 0);
        return sb.ToString();
    }

    private static void WriteBlock(StringBuilder sb, Node map, int indent)
    {
        foreach (var (key, value) in map)
        {
            sb.Append(' ', indent).Append(Scalar(key)).Append(':');
            if (value is Node child && (child.Count == 0 || Flow(child) is not { } flow))
            {
                if (child.Count == 0)
                {
                    sb.Append(" {}\n");
                }
                else
                {
                    sb.Append('\n');
                    WriteBlock(sb, child, indent + 2);
                }
            }
            else if (value is Node small)
            {
                sb.Append(' ').Append(Flow(small)).Append('\n');
            }
            else if (value is List<object> list && Flow(list) is not { } _)
            {
                sb.Append('\n');
                foreach (var item in list)
                {
                    sb.Append(' ', indent + 2).Append("- ").Append(Flow(item) ?? throw new InvalidOperationException("nested block lists are not generated")).Append('\n');
                }
            }
            else
            {
                sb.Append(' ').Append(Flow(value)).Append('\n');
            }
        }
    }

    /// <summary>The value in flow style, or null when it is too big or nested to read well on one line.</summary>
    private static string? Flow(object value)
    {
        switch (value)
        {
            case Node map:
                if (map.Values.Any(v => v is Node or List<object>))
                {
                    return map.Values.All(v => v is not List<object>) && map.Values.OfType<Node>().All(n => n.Values.All(IsScalar)) && map.Count <= 3
                        ? Bounded("{ " + string.Join(", ", map.Select(kv => Scalar(kv.Key) + ": " + Flow(kv.Value))) + " }")
                        : null;
                }

                return Bounded("{ " + string.Join(", ", map.Select(kv => Scalar(kv.Key) + ": " + Scalar(kv.Value))) + " }");
            case List<object> list:
                return list.All(IsScalar) ? Bounded("[" + string.Join(", ", list.Select(Scalar)) + "]") : null;
            default:
                return Scalar(value);
        }
    }

    private static string? Bounded(string text) => text.Length <= FlowWidth ? text : null;

    private static bool IsScalar(object value) => value is string or long or int or bool;

    private static string Scalar(object value) => value switch
    {
        string s => Plain().IsMatch(s) && !Reserved(s) ? s : Quote(s),
        long n => n.ToString(CultureInfo.InvariantCulture),
        int n => n.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => throw new InvalidOperationException($"not a scalar: {value.GetType().Name}"),
    };

    private static bool Reserved(string s) => s is "true" or "false" or "null" or "yes" or "no" or "on" or "off" or "y" or "n" or "~";

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Scalars that read as text in YAML without quotes: a letter first, no flow or comment characters.</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._/+=-]*$")]
    private static partial Regex Plain();
}
