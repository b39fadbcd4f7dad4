namespace Elenta.Core.Model;

/// <summary>
/// The keyword=value form of an ADO.NET connection string (Npgsql's): parts separated by ';', a value
/// may be quoted with ' or " to hold a ';'. Keywords are case-insensitive. Only the syntax is checked
/// here; the database client judges the keywords themselves when it connects.
/// </summary>
public static class ConnectionStrings
{
    /// <summary>The keywords Npgsql reads a password from.</summary>
    public static readonly IReadOnlyList<string> PasswordKeywords = ["Password", "Pwd", "Psw"];

    /// <summary>The keyword=value pairs, in order; null with <paramref name="problem"/> when the text is not one.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Parse(string text, out string? problem)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var i = 0;
        problem = null;
        while (i < text.Length)
        {
            var equals = text.IndexOf('=', i);
            var semicolon = text.IndexOf(';', i);
            if (equals < 0 || (semicolon >= 0 && semicolon < equals))
            {
                var part = (semicolon < 0 ? text[i..] : text[i..semicolon]).Trim();
                if (part.Length > 0)
                {
                    problem = $"'{part}' is not keyword=value";
                    return null;
                }

                i = semicolon < 0 ? text.Length : semicolon + 1;
                continue;
            }

            var key = text[i..equals].Trim();
            if (key.Length == 0)
            {
                problem = $"a value without a keyword at character {equals + 1}";
                return null;
            }

            var j = equals + 1;
            while (j < text.Length && text[j] == ' ')
            {
                j++;
            }

            string value;
            if (j < text.Length && text[j] is '\'' or '"')
            {
                var quote = text[j];
                var close = text.IndexOf(quote, j + 1);
                if (close < 0)
                {
                    problem = $"the value of '{key}' opens a quote ({quote}) that is never closed";
                    return null;
                }

                value = text[(j + 1)..close];
                var rest = text.IndexOf(';', close + 1);
                if (text[(close + 1)..(rest < 0 ? text.Length : rest)].Trim().Length > 0)
                {
                    problem = $"text after the quoted value of '{key}'";
                    return null;
                }

                i = rest < 0 ? text.Length : rest + 1;
            }
            else
            {
                var end = text.IndexOf(';', j);
                value = (end < 0 ? text[j..] : text[j..end]).Trim();
                i = end < 0 ? text.Length : end + 1;
            }

            pairs.Add(new(key, value));
        }

        return pairs;
    }

    /// <summary>The value of a keyword (any of <paramref name="keywords"/>, case-insensitive), or null.</summary>
    public static string? Find(IReadOnlyList<KeyValuePair<string, string>> pairs, params string[] keywords) =>
        pairs.LastOrDefault(p => keywords.Any(k => string.Equals(k, p.Key, StringComparison.OrdinalIgnoreCase))).Value;
}
