using System.Globalization;
using System.Text;

namespace Elenta.Report.Graphs;

/// <summary>
/// Writes DOT text: quoted identifiers and attributes, written in the order they are added, so the
/// same site gives the same bytes. No layout happens here; Graphviz lays the text out.
/// </summary>
internal sealed class DotWriter
{
    private readonly StringBuilder text = new();
    private int depth;

    public DotWriter(string name)
    {
        text.Append("digraph ").Append(Quote(name)).Append(" {\n");
        depth = 1;
    }

    public static string Quote(string value)
    {
        var b = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': break;
                default: b.Append(c); break;
            }
        }

        return b.Append('"').ToString();
    }

    public DotWriter Line(string line)
    {
        text.Append(' ', depth * 2).Append(line).Append('\n');
        return this;
    }

    public DotWriter Attributes(string target, params (string Key, string Value)[] attributes) =>
        Line($"{target} [{Format(attributes)}];");

    public DotWriter Node(string id, params (string Key, string Value)[] attributes) =>
        Line(attributes.Length == 0 ? Quote(id) + ";" : $"{Quote(id)} [{Format(attributes)}];");

    public DotWriter Edge(string from, string to, params (string Key, string Value)[] attributes) =>
        Line(attributes.Length == 0 ? $"{Quote(from)} -> {Quote(to)};" : $"{Quote(from)} -> {Quote(to)} [{Format(attributes)}];");

    /// <summary>An edge ending at one field of a record node (a switch's port).</summary>
    public DotWriter EdgeToPort(string from, string to, string port, params (string Key, string Value)[] attributes) =>
        Line($"{Quote(from)} -> {Quote(to)}:{Quote(port)} [{Format(attributes)}];");

    /// <summary>
    /// Text inside a record label: the characters records give a meaning become look-alikes, as
    /// <see cref="Quote"/> writes a backslash as a literal one (names never hold these anyway).
    /// </summary>
    public static string RecordText(string value) =>
        value.Replace('{', '(').Replace('}', ')').Replace('|', '/').Replace('<', '(').Replace('>', ')');

    /// <summary>A record field name made of letters, digits and underscores only.</summary>
    public static string FieldName(string value) =>
        "p" + string.Concat(value.Select(c => char.IsAsciiLetterOrDigit(c) ? c.ToString() : "_" + ((int)c).ToString("x", CultureInfo.InvariantCulture)));

    /// <summary>A cluster: Graphviz draws its members inside one box with the label on top.</summary>
    public DotWriter BeginCluster(string id, string label, params (string Key, string Value)[] attributes)
    {
        Line($"subgraph {Quote("cluster_" + id)} {{");
        depth++;
        Attributes("graph", [("label", label), .. attributes]);
        return this;
    }

    public DotWriter End()
    {
        depth--;
        return Line("}");
    }

    public override string ToString() => text.ToString() + "}\n";

    private static string Format((string Key, string Value)[] attributes) =>
        string.Join(", ", attributes.Select(a => $"{a.Key}={Quote(a.Value)}"));

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
