using System.Text;

namespace Elenta.Core.Merging;

/// <summary>
/// Paths into the merged tree, as users type them: <c>cadaster.compute.toto.hardware.memory</c>,
/// <c>domains."emerald.city".records</c>, <c>roles.database.mounts[0].path</c>.
/// </summary>
public static class PathSyntax
{
    public static string Quote(string segment) =>
        segment.Length > 0 && segment.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '@' or '*' or '/' or ':')
            ? segment
            : "\"" + segment.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>Splits a path into segments; list indices come back as "[n]". Null when the path is malformed.</summary>
    public static IReadOnlyList<string>? Parse(string path)
    {
        var segments = new List<string>();
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                i++;
                continue;
            }

            if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    return null;
                }

                segments.Add(path[i..(close + 1)]);
                i = close + 1;
                continue;
            }

            if (path[i] == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (i < path.Length && path[i] != '"')
                {
                    if (path[i] == '\\' && i + 1 < path.Length)
                    {
                        i++;
                    }

                    sb.Append(path[i]);
                    i++;
                }

                if (i >= path.Length)
                {
                    return null;
                }

                i++;
                segments.Add(sb.ToString());
                continue;
            }

            var start = i;
            while (i < path.Length && path[i] != '.' && path[i] != '[')
            {
                i++;
            }

            segments.Add(path[start..i]);
        }

        return segments;
    }
}
