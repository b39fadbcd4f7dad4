using System.Globalization;
using System.Text;

namespace Elenta.Bench.SiteGen;

/// <summary>Writes a <see cref="Node"/> as one Nix attribute set literal (every name quoted).</summary>
internal static class NixText
{
    public static void Write(TextWriter writer, Node root)
    {
        var sb = new StringBuilder();
        Value(sb, root, 0);
        sb.Append('\n');
        writer.Write(sb);
    }

    private static void Value(StringBuilder sb, object value, int indent)
    {
        switch (value)
        {
            case Node map:
                sb.Append("{\n");
                foreach (var (key, child) in map)
                {
                    sb.Append(' ', indent + 2);
                    Str(sb, key);
                    sb.Append(" = ");
                    Value(sb, child, indent + 2);
                    sb.Append(";\n");
                }

                sb.Append(' ', indent).Append('}');
                break;
            case List<object> list:
                sb.Append('[');
                foreach (var item in list)
                {
                    sb.Append(' ');
                    Value(sb, item, indent + 2);
                }

                sb.Append(" ]");
                break;
            case string s:
                Str(sb, s);
                break;
            case long n:
                sb.Append(n.ToString(CultureInfo.InvariantCulture));
                break;
            case int n:
                sb.Append(n.ToString(CultureInfo.InvariantCulture));
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            default:
                throw new InvalidOperationException($"cannot write {value.GetType().Name} as Nix");
        }
    }

    private static void Str(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"' or '\\':
                    sb.Append('\\').Append(c);
                    break;
                case '$' when i + 1 < s.Length && s[i + 1] == '{':
                    sb.Append("\\$");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        sb.Append('"');
    }
}
