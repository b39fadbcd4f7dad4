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
    public static T Lend<T>(ISiteFileSystem fs, string path, Func<ReadOnlySpan<byte>, T> use)
    {
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
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Max(4096, buffer.Length * 2)); // it grew since its length was asked
            }

            var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
            if (read == 0)
            {
                return total;
            }

            total += read;
        }
    }
}
