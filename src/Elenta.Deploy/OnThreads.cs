namespace Elenta.Deploy;

/// <summary>
/// Work that mostly waits (on ssh, on a resolver) done side by side on threads of its own: the
/// thread pool adds threads for blocked work only slowly, so fifty machines would start a few at a time.
/// </summary>
public static class OnThreads
{
    /// <summary>
    /// <paramref name="work"/> of each item, on at most <paramref name="threads"/> threads, the results
    /// in the items' order. The first exception a worker meets is thrown again here, once all are done.
    /// </summary>
    public static TResult[] Map<TItem, TResult>(IReadOnlyList<TItem> items, int threads, Func<TItem, TResult> work)
    {
        var results = new TResult[items.Count];
        if (items.Count <= 1 || threads <= 1)
        {
            for (var i = 0; i < items.Count; i++)
            {
                results[i] = work(items[i]);
            }

            return results;
        }

        var next = -1;
        Exception? failure = null;
        var workers = Enumerable.Range(0, Math.Min(threads, items.Count)).Select(_ => new Thread(() =>
        {
            try
            {
                for (var i = Interlocked.Increment(ref next); i < items.Count; i = Interlocked.Increment(ref next))
                {
                    results[i] = work(items[i]);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        }) { IsBackground = true }).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return results;
    }
}
