namespace Elenta.Core.Emit.Dns;

/// <summary>
/// How two labels of an owner name compare: numbers before words and in numeric order (<c>9</c>
/// before <c>10</c>); words case-insensitively, then by case. Two labels tie only when they are the
/// same text.
/// </summary>
public static class LabelOrder
{
    public static int Compare(string a, string b) => Compare(Key.Of(a), Key.Of(b));

    /// <summary>Numbers each of the given distinct labels by its place among them, from 0.</summary>
    public static void Rank(IReadOnlyCollection<RankedLabel> labels)
    {
        var keys = new Key[labels.Count];
        var n = 0;
        foreach (var label in labels)
        {
            keys[n++] = Key.Of(label.Text, label);
        }

        Array.Sort(keys, Compare);
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i].Label!.Rank = i;
        }
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

    /// <summary>A label with what it is compared on worked out once (and the label to rank, when ranking).</summary>
    private sealed record Key(string Text, string Lower, bool IsNumber, ulong Number, RankedLabel? Label)
    {
        public static Key Of(string label, RankedLabel? ranked = null) =>
            ulong.TryParse(label, out var number)
                ? new Key(label, label.ToLowerInvariant(), true, number, ranked)
                : new Key(label, label.ToLowerInvariant(), false, 0, ranked);
    }
}

/// <summary>A label and its place in <see cref="LabelOrder"/> among the labels ranked with it.</summary>
public sealed class RankedLabel(string text)
{
    public string Text { get; } = text;

    public int Rank { get; internal set; }
}
