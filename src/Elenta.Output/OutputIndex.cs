using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Elenta.Core.Emit;

namespace Elenta.Output;

/// <summary>
/// What a file in the output directory looked like when a build last wrote it or found it
/// holding the right bytes: its size, modification and change times and inode, as stat(2) gives them.
/// </summary>
public readonly record struct FileStamp(long Size, long ModifiedNs, long ChangedNs, long Inode)
{
    /// <summary>The file's stamp, or null when it is missing, not a regular file, or the platform cannot say.</summary>
    public static FileStamp? Of(string path) => OutputIndex.Stat(path);
}

/// <summary>
/// <c>.elenta-index</c> in the output directory: for each file the manifest lists, its sha256 and its
/// <see cref="FileStamp"/>. The next build trusts a file whose stamp has not moved and whose hash
/// is the artifact's, without reading it back (at 10,000 hosts that is 180 MB not read); anything
/// else is compared byte for byte, as with no index. Git's index works the same way, including the
/// "racily clean" rule: a file modified within <see cref="Racy"/> of when the index was written
/// could have been changed again in the same clock tick without its stamp moving, so it is read.
/// The index is a cache: deleting it, or a damaged one, only costs that reading.
/// </summary>
public sealed partial class OutputIndex
{
    public const string FileName = ".elenta-index";

    private static readonly byte[] Magic = "elenta-index 1\n"u8.ToArray();
    private static readonly long Racy = TimeSpan.FromSeconds(1).Ticks * 100;
    private static int statUnavailable;

    private readonly Dictionary<string, Entry> entries;

    private OutputIndex(Dictionary<string, Entry> entries) => this.entries = entries;

    public static OutputIndex Empty => new(new Dictionary<string, Entry>(StringComparer.Ordinal));

    public int Count => entries.Count;

    /// <summary>One file: the hash of the bytes the build wrote or verified, and the stamp they had then.</summary>
    public readonly record struct Entry(byte[] Sha256, FileStamp Stamp, bool Trusted);

    /// <summary>True when the file at <paramref name="path"/> (relative) is known to hold bytes with this hash.</summary>
    public bool Holds(string path, ReadOnlySpan<byte> sha256, FileStamp? stamp) =>
        Current(path, stamp) is { } e && sha256.SequenceEqual(e.Sha256);

    /// <summary>True when the file at <paramref name="path"/> (relative) is, by its stamp, the one this index was written with.</summary>
    public bool IsCurrent(string path, FileStamp? stamp) => Current(path, stamp) is not null;

    private Entry? Current(string path, FileStamp? stamp) =>
        stamp is { } s && entries.TryGetValue(path, out var e) && e.Trusted && e.Stamp == s ? e : null;

    /// <summary>
    /// True when the file at <paramref name="path"/> (relative to <paramref name="outDir"/>) holds
    /// what the index lists, as <see cref="StillHeld"/> tells it: by its stamp, or by hashing it.
    /// The manifest is a file whose stamp is never trusted (the index is written right after it):
    /// hashing its tens of megabytes is a fraction of reading them as JSON. A file confirmed by its
    /// hash is trusted from then on, by this index, with the stamp it has now.
    /// </summary>
    public bool Confirm(string outDir, string path)
    {
        if (!entries.TryGetValue(path, out var e) || !Holds(Path.Combine(outDir, path), e, out var readBack))
        {
            return false;
        }

        if (readBack is { } stamp)
        {
            entries[path] = e with { Stamp = stamp, Trusted = true };
        }

        return true;
    }

    /// <summary>
    /// Whether the file at <paramref name="full"/> holds <paramref name="entry"/>'s bytes: by a
    /// trusted stamp that has not moved, or by reading it (then <paramref name="readBack"/> is the
    /// stamp it had, the same before and after the reading).
    /// </summary>
    private static bool Holds(string full, Entry entry, out FileStamp? readBack)
    {
        readBack = null;
        var stamp = Stat(full);
        if (stamp is { } s && entry.Trusted && entry.Stamp == s)
        {
            return true;
        }

        if (stamp is { } t && ReadsAs(full, entry.Sha256) && Stat(full) == t)
        {
            readBack = t;
            return true;
        }

        return false;
    }

    /// <summary>Every file the index lists (every file the build that wrote it made, the manifest included).</summary>
    public IEnumerable<string> Paths => entries.Keys;

    /// <summary>The sha256 of the manifest the index was written with; null when it lists none.</summary>
    public string? ManifestHash() => entries.TryGetValue(Manifest.Path, out var e) ? Convert.ToHexStringLower(e.Sha256) : null;

    /// <summary>
    /// True when every file the index lists still holds the bytes it lists: by its stamp, or, for a
    /// file written too close to the index for its stamp to be trusted, by reading it (those files'
    /// stamps are in <paramref name="readBack"/>, for <see cref="Refresh"/>). Files are checked side
    /// by side; the first that differs or is missing stops the check, and is <paramref name="differing"/>.
    /// </summary>
    public bool StillHeld(string outDir, out IReadOnlyDictionary<string, FileStamp> readBack, out string? differing)
    {
        var read = new System.Collections.Concurrent.ConcurrentDictionary<string, FileStamp>(StringComparer.Ordinal);
        var held = true;
        string? first = null;
        Parallel.ForEach(entries, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (e, loop) =>
        {
            if (Holds(Path.Combine(outDir, e.Key), e.Value, out var readBack))
            {
                if (readBack is { } t)
                {
                    read[e.Key] = t;
                }

                return;
            }

            held = false;
            Interlocked.CompareExchange(ref first, e.Key, null);
            loop.Stop();
        });
        readBack = read;
        differing = first;
        return held;
    }

    /// <summary>
    /// Writes the index again with the stamps of the files <see cref="StillHeld"/> had to read, so
    /// the next check can trust them by their stamps; nothing when it read none.
    /// </summary>
    public void Refresh(string outDir, IReadOnlyDictionary<string, FileStamp> readBack)
    {
        if (readBack.Count == 0)
        {
            return;
        }

        try
        {
            WriteEntries(outDir, entries.Select(e => (e.Key, e.Value.Sha256, readBack.GetValueOrDefault(e.Key, e.Value.Stamp))).ToList());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A cache: the next check reads those files again.
        }
    }

    /// <summary>Whether the file's bytes hash to <paramref name="sha256"/>, read in pieces (a manifest is tens of megabytes).</summary>
    private static bool ReadsAs(string path, byte[] sha256)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            return System.Security.Cryptography.SHA256.HashData(file).AsSpan().SequenceEqual(sha256);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Reads the index of <paramref name="outDir"/>; empty when there is none or it is damaged.</summary>
    public static OutputIndex Read(string outDir)
    {
        var path = Path.Combine(outDir, FileName);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Empty;
        }

        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        try
        {
            var span = bytes.AsSpan();
            if (!span.StartsWith(Magic))
            {
                return Empty;
            }

            var at = Magic.Length;
            var writtenAt = BinaryPrimitives.ReadInt64LittleEndian(span[at..]);
            var count = BinaryPrimitives.ReadInt32LittleEndian(span[(at + 8)..]);
            at += 12;
            entries.EnsureCapacity(count);
            for (var i = 0; i < count; i++)
            {
                var length = BinaryPrimitives.ReadUInt16LittleEndian(span[at..]);
                var name = Encoding.UTF8.GetString(span.Slice(at + 2, length));
                at += 2 + length;
                var sha = span.Slice(at, 32).ToArray();
                var stamp = new FileStamp(
                    BinaryPrimitives.ReadInt64LittleEndian(span[(at + 32)..]),
                    BinaryPrimitives.ReadInt64LittleEndian(span[(at + 40)..]),
                    BinaryPrimitives.ReadInt64LittleEndian(span[(at + 48)..]),
                    BinaryPrimitives.ReadInt64LittleEndian(span[(at + 56)..]));
                at += 64;
                var trusted = stamp != default && stamp.ModifiedNs < writtenAt - Racy && stamp.ChangedNs < writtenAt - Racy;
                entries[name] = new Entry(sha, stamp, trusted);
            }

            return at == span.Length ? new OutputIndex(entries) : Empty;
        }
        catch (ArgumentOutOfRangeException)
        {
            return Empty; // cut short
        }
    }

    /// <summary>
    /// Writes the index for these files and the stamps they have now, unless it would say what
    /// <paramref name="previous"/> already says. Every file is listed (the index's paths are the
    /// manifest's); one without a stamp gets an empty one, which no file on disk matches.
    /// </summary>
    public static void Write(string outDir, IReadOnlyList<Artifact> files, FileStamp?[] stamps, OutputIndex previous)
    {
        if (!stamps.Any(s => s is not null))
        {
            return; // the platform cannot tell: no index
        }

        var same = files.Count == previous.Count;
        for (var i = 0; same && i < files.Count; i++)
        {
            same = previous.Holds(files[i].Path, files[i].Sha256Bytes, stamps[i]);
        }

        if (same)
        {
            return;
        }

        WriteEntries(outDir, files.Select((f, i) => (f.Path, f.Sha256Bytes, stamps[i] ?? default)).ToList());
    }

    private static void WriteEntries(string outDir, IReadOnlyList<(string Path, byte[] Sha256, FileStamp Stamp)> files)
    {
        var path = Path.Combine(outDir, FileName);
        using var buffer = new MemoryStream(files.Count * 128 + 64);
        buffer.Write(Magic);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(number, (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100);
        buffer.Write(number);
        BinaryPrimitives.WriteInt32LittleEndian(number, files.Count);
        buffer.Write(number[..4]);
        foreach (var (name, sha256, s) in files)
        {
            var utf8 = Encoding.UTF8.GetBytes(name);
            BinaryPrimitives.WriteUInt16LittleEndian(number, checked((ushort)utf8.Length));
            buffer.Write(number[..2]);
            buffer.Write(utf8);
            buffer.Write(sha256);
            foreach (var value in (ReadOnlySpan<long>)[s.Size, s.ModifiedNs, s.ChangedNs, s.Inode])
            {
                BinaryPrimitives.WriteInt64LittleEndian(number, value);
                buffer.Write(number);
            }
        }

        // Through a temporary name: a reader (the next build) never sees half an index.
        var temporary = path + ".elenta-tmp";
        File.WriteAllBytes(temporary, buffer.ToArray());
        File.Move(temporary, path, overwrite: true);
    }

    internal static FileStamp? Stat(string path)
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref statUnavailable) != 0)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[256]; // struct statx
        try
        {
            if (StatX(AtCurrentDirectory, path, AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            Volatile.Write(ref statUnavailable, 1); // an older C library: no index, files are compared
            return null;
        }

        const int regularFile = 0x8000;
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        if ((mode & 0xF000) != regularFile)
        {
            return null;
        }

        return new FileStamp(
            Size: BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]),
            ModifiedNs: Nanoseconds(buffer[112..]),
            ChangedNs: Nanoseconds(buffer[96..]),
            Inode: BinaryPrimitives.ReadInt64LittleEndian(buffer[32..]));
    }

    // struct statx_timestamp { __s64 tv_sec; __u32 tv_nsec; }
    private static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
        BinaryPrimitives.ReadInt64LittleEndian(timestamp) * 1_000_000_000 + BinaryPrimitives.ReadUInt32LittleEndian(timestamp[8..]);

    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    /// <summary>realpath(3): the path with every symbolic link, "." and ".." resolved; null when it cannot be.</summary>
    internal static string? RealPath(string path)
    {
        try
        {
            var resolved = RealPathNative(path, 0);
            if (resolved == 0)
            {
                return null;
            }

            try
            {
                return Marshal.PtrToStringUTF8(resolved);
            }
            finally
            {
                Free(resolved);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPathNative(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatX(int directory, string path, int flags, uint mask, ref byte buffer);
}
