namespace Elenta.Core;

/// <summary>
/// Loops over the entries of a large mapping (thousands of hosts or instances) on every core, and
/// over a small one in place: below <see cref="From"/> entries, handing work to other threads costs
/// more than it saves. Work is handed out in chunks, so a chunk of small entries is one hand-off.
/// </summary>
internal static class SideBySide
{
    public const int From = 64;

    /// <summary>
    /// <paramref name="map"/> of every item, in the items' order. Unlike an ordered PLINQ query, the
    /// calling thread does its share of the work instead of waiting on a merge, and a small list is
    /// mapped in place.
    /// </summary>
    public static TOut[] Map<TIn, TOut>(IEnumerable<TIn> items, Func<TIn, TOut> map)
    {
        var input = items as TIn[] ?? items.ToArray();
        return Map(input.Length, i => map(input[i]));
    }

    /// <summary><paramref name="map"/> of 0 to <paramref name="count"/> - 1, in that order.</summary>
    public static TOut[] Map<TOut>(int count, Func<int, TOut> map)
    {
        var output = new TOut[count];
        For(count, i => output[i] = map(i));
        return output;
    }

    public static void For(int count, Action<int> body)
    {
        if (count < From)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, count, Math.Max(16, count / 32)), range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                body(i);
            }
        });
    }
}
