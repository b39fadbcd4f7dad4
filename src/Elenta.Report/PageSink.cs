using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace Elenta.Report;

/// <summary>
/// Where the report's pages go as they are made, from many threads at once: a directory
/// (<see cref="DirectoryPages"/>, for <c>elenta report</c>) or memory (<see cref="MemoryPages"/>,
/// for <c>elenta serve</c>). A page is made in a reused builder, encoded into a pooled buffer and
/// handed over at once, so the report never holds every page's text (454 MB at 10,000 hosts).
/// </summary>
public abstract class PageSink
{
    /// <summary>Takes one page's bytes; the span is only valid during the call.</summary>
    public abstract void Add(string path, ReadOnlySpan<byte> bytes);

    public void Add(string path, string text) => Add(path, text.AsSpan());

    public void Add(string path, StringBuilder text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var encoder = Encoding.UTF8.GetEncoder();
            var length = 0;
            foreach (var chunk in text.GetChunks())
            {
                length += encoder.GetBytes(chunk.Span, buffer.AsSpan(length), flush: false);
            }

            length += encoder.GetBytes(ReadOnlySpan<char>.Empty, buffer.AsSpan(length), flush: true);
            Add(path, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Add(string path, ReadOnlySpan<char> text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            Add(path, buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, buffer)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [ThreadStatic]
    private static StringBuilder? builder;

    /// <summary>This thread's page builder, emptied; each thread reuses its own, so pages cost no new buffers.</summary>
    public static StringBuilder Builder()
    {
        var b = builder ??= new StringBuilder(64 * 1024);
        b.Clear();
        return b;
    }
}

/// <summary>The pages in memory, by path (what <c>elenta serve</c> answers from, and tests).</summary>
public sealed class MemoryPages : PageSink
{
    private readonly ConcurrentDictionary<string, byte[]> pages = new(StringComparer.Ordinal);

    public override void Add(string path, ReadOnlySpan<byte> bytes) => pages[path] = bytes.ToArray();

    public SortedDictionary<string, byte[]> ToSorted() => new(pages, StringComparer.Ordinal);
}

/// <summary>
/// Writes each page into a directory as it comes; a page whose file already holds exactly its bytes
/// is not rewritten. <see cref="Finish"/> removes the files of an earlier report that this one did
/// not make. A directory that was empty or new is not searched for earlier pages at all.
/// </summary>
public sealed class DirectoryPages : PageSink
{
    private readonly string root;
    private readonly bool fresh;
    private readonly ConcurrentDictionary<string, byte> written = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> directories = new(StringComparer.Ordinal);
    private int changed;
    private int unchanged;

    private DirectoryPages(string root, bool fresh)
    {
        this.root = root;
        this.fresh = fresh;
    }

    /// <summary>Opens <paramref name="directory"/> for a report; null when it holds other files and no earlier report.</summary>
    public static DirectoryPages? Open(string directory)
    {
        var marker = Path.Combine(directory, SiteReport.Marker);
        var exists = Directory.Exists(directory);
        var hasMarker = File.Exists(marker);
        var empty = !exists || !Directory.EnumerateFileSystemEntries(directory).Any();
        if (!empty && !hasMarker)
        {
            return null;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(marker, "written by elenta report; the pages here are replaced by the next report\n");
        return new DirectoryPages(directory, fresh: empty);
    }

    public int Count => written.Count;

    public override void Add(string path, ReadOnlySpan<byte> bytes)
    {
        if (!written.TryAdd(path, 0))
        {
            throw new InvalidOperationException($"the report made {path} twice");
        }

        var full = Path.Combine(root, path);
        if (!fresh && Holds(full, bytes))
        {
            Interlocked.Increment(ref unchanged);
            return;
        }

        // The value is stored only once the directory exists: a thread that finds it may write at once.
        directories.GetOrAdd(Path.GetDirectoryName(full)!, d =>
        {
            Directory.CreateDirectory(d);
            return 0;
        });

        File.WriteAllBytes(full, bytes);
        Interlocked.Increment(ref changed);
    }

    private static bool Holds(string full, ReadOnlySpan<byte> bytes)
    {
        if (!File.Exists(full))
        {
            return false;
        }

        using var handle = File.OpenHandle(full);
        if (RandomAccess.GetLength(handle) != bytes.Length)
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, bytes.Length));
        try
        {
            var read = 0;
            while (read < bytes.Length)
            {
                var n = RandomAccess.Read(handle, buffer.AsSpan(read, bytes.Length - read), read);
                if (n == 0)
                {
                    return false;
                }

                read += n;
            }

            return buffer.AsSpan(0, bytes.Length).SequenceEqual(bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Removes what an earlier report left that this one did not make; what was written, kept and removed.</summary>
    public SiteReport.Written Finish()
    {
        var removed = 0;
        if (!fresh)
        {
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToList())
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative != SiteReport.Marker && !written.ContainsKey(relative))
                {
                    File.Delete(file);
                    removed++;
                }
            }
        }

        return new SiteReport.Written(changed, unchanged, removed);
    }
}
