using Microsoft.Win32.SafeHandles;

namespace Elenta.Core.Loading;

/// <summary>Reading a file from disk into a reused buffer, for the file systems that read the disk.</summary>
public static class SiteFileReading
{
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
