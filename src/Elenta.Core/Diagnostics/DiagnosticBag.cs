using System.Collections.Concurrent;

namespace Elenta.Core.Diagnostics;

/// <summary>Collects diagnostics from any pipeline stage; safe to add to from parallel loaders.</summary>
public sealed class DiagnosticBag
{
    private readonly ConcurrentQueue<Diagnostic> items = new();

    public void Add(Diagnostic diagnostic) => items.Enqueue(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            items.Enqueue(d);
        }
    }

    public bool HasErrors => items.Any(d => d.IsError);

    public int Count => items.Count;

    /// <summary>Every diagnostic, in a stable order (file, position, code).</summary>
    public IReadOnlyList<Diagnostic> ToSortedList()
    {
        var list = items.ToList();
        list.Sort(Diagnostic.Compare);
        return list;
    }
}
