using Microsoft.Win32.SafeHandles;

namespace Elenta.Core.Loading;

/// <summary>Reading a site file into a buffer reused per thread: its bytes are garbage once decoded or hashed.</summary>
public static class SiteFileReading
{
    /// <summary>A buffer up to this size is kept for the thread's next file (a hosts file of a hundred hosts is 130 kB).</summary>
    private const int KeptBufferBytes = 4 << 20;

    /// <summary>The bytes of the file read last on this thread, reused for the next.</summary>
    [ThreadStatic]
    private static byte[]? kept;

    /// <summary>
    /// Reads a whole file through <paramref name="fs"/> and lends its bytes to <paramref name="use"/>,
    /// which must not keep them: the loader reads every site file so, and the build trace hashes
    /// them so when it asks whether a build can be skipped.
    /// </summary>
    /// <param name="length">The file's length when the caller knows it (from <see cref="ISiteFileSystem.GetLength"/>).</param>
    public static T Lend<T>(ISiteFileSystem fs, string path, Func<ReadOnlySpan<byte>, T> use, long? length = null)
    {
        if (length is > KeptBufferBytes and < int.MaxValue)
        {
            // A large file (a site kept in one file per section: 84 MB of hosts at 100,000) is read
            // outside the collected heap and that memory is given back as soon as the file is
            // decoded: in the no-collection region of check and build an array would stay to the end,
            // on top of the command's peak.
            using var native = new NativeBuffer((int)length + 1); // one more: a file that grew meanwhile shows
            var held = fs.ReadInto(path, native.Span);
            if (held >= 0 && held <= length)
            {
                return use(native.Span[..held]);
            }
        }

        var buffer = kept ?? [];
        kept = null; // this file's until it is used, should the use read another file meanwhile
        var read = fs.ReadInto(path, ref buffer);
        var result = use(buffer.AsSpan(0, read));
        if (buffer.Length <= KeptBufferBytes)
        {
            kept = buffer; // a larger one goes with its file
        }

        return result;
    }

    /// <summary>Reads the whole file at <paramref name="path"/> into <paramref name="destination"/>: its length, or -1 when it does not fit.</summary>
    public static int ReadInto(string path, Span<byte> destination)
    {
        using SafeFileHandle handle = File.OpenHandle(path);
        var total = Fill(handle, destination, 0);
        return total == destination.Length ? -1 : total;
    }

    /// <summary>Reads from <paramref name="from"/> on until the file ends or <paramref name="destination"/> is full; how far it got.</summary>
    private static int Fill(SafeFileHandle handle, Span<byte> destination, int from)
    {
        var total = from;
        while (total < destination.Length)
        {
            var read = RandomAccess.Read(handle, destination[total..], total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Memory outside the collected heap, freed when disposed.</summary>
    private sealed unsafe class NativeBuffer(int length) : IDisposable
    {
        private void* memory = System.Runtime.InteropServices.NativeMemory.Alloc((nuint)length);

        public Span<byte> Span => memory is null ? throw new ObjectDisposedException(nameof(NativeBuffer)) : new Span<byte>(memory, length);

        public void Dispose()
        {
            System.Runtime.InteropServices.NativeMemory.Free(memory);
            memory = null;
        }
    }

    /// <summary>
    /// Reads the whole file at <paramref name="path"/> into <paramref name="buffer"/>, growing it
    /// (a new array) when the file does not fit, also when the file grows while it is read.
    /// </summary>
    public static int ReadInto(string path, ref byte[] buffer)
    {
        using SafeFileHandle handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
        {
            throw new IOException($"{path} is too large to read ({length} bytes)");
        }

        if (length >= buffer.Length)
        {
            buffer = new byte[length + 1]; // one more: the read that finds the end needs room
        }

        var total = 0;
        while (true)
        {
            total = Fill(handle, buffer, total);
            if (total < buffer.Length)
            {
                return total;
            }

            Array.Resize(ref buffer, Math.Max(4096, buffer.Length * 2)); // it grew since its length was asked
        }
    }
}
