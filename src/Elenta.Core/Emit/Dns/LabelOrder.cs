namespace Elenta.Core.Emit.Dns;

/// <summary>
/// How two labels of an owner name compare: numbers before words and in numeric order (<c>9</c>
/// before <c>10</c>); words case-insensitively, then by case. Two labels tie only when they are the
/// same text.
/// </summary>
public static class LabelOrder
{
    public static int Compare(string a, string b) => Compare(Key.Of(a), Key.Of(b));

    /// <summary>Each label's place among the given distinct labels, from 0.</summary>
    public static Dictionary<string, int> Ranks(IReadOnlyCollection<string> labels)
    {
        var keys = new Key[labels.Count];
        var n = 0;
        foreach (var label in labels)
        {
            keys[n++] = Key.Of(label);
        }

        Array.Sort(keys, Compare);
        var ranks = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            ranks[keys[i].Text] = i;
        }

        return ranks;
    }

    private static int Compare(Key a, Key b)
    {
        if (a.IsNumber != b.IsNumber)
        {
            return a.IsNumber ? -1 : 1;
        }

        if (a.IsNumber && a.Number != b.Number)
        {
            return a.Number.CompareTo(b.Number);
        }

        var c = string.CompareOrdinal(a.Lower, b.Lower);
        return c != 0 ? c : string.CompareOrdinal(a.Text, b.Text);
    }

    /// <summary>A label with what it is compared on worked out once.</summary>
    private sealed record Key(string Text, string Lower, bool IsNumber, ulong Number)
    {
        public static Key Of(string label) =>
            ulong.TryParse(label, out var number)
                ? new Key(label, label.ToLowerInvariant(), true, number)
                : new Key(label, label.ToLowerInvariant(), false, 0);
    }
}
