using System.Text;

namespace Elenta.Core.Emit;

/// <summary>
/// A text file made with a <see cref="StringBuilder"/> and turned into its UTF-8 bytes, for the
/// emitters that write one file per machine (tens of thousands a build). Each thread keeps its
/// builder and a character buffer and reuses them: only the finished bytes are new memory, where a
/// builder per file grows chunk by chunk, and <c>ToString</c> then <c>GetBytes</c> makes the text
/// twice more (on this project's benchmark machine, fresh memory is a quarter of a build's CPU).
/// </summary>
internal static class TextBuffer
{
    // Larger than this, a builder is not kept for the next file (a rare large one would pin its memory).
    private const int KeepLimit = 1 << 20;

    [ThreadStatic]
    private static StringBuilder? builder;

    [ThreadStatic]
    private static char[]? chars;

    /// <summary>An empty builder: this thread's own, or a new one when it is in use (a nested file).</summary>
    public static StringBuilder Take()
    {
        var taken = builder ?? new StringBuilder(4096);
        builder = null;
        return taken.Clear();
    }

    /// <summary>The builder's text as UTF-8 (exactly as <c>Encoding.UTF8.GetBytes(text.ToString())</c>); the builder is kept for the next file.</summary>
    public static byte[] ToUtf8(StringBuilder text)
    {
        var length = text.Length;
        var buffer = chars is { } kept && kept.Length >= length ? kept : new char[Math.Max(length, 4096)];
        text.CopyTo(0, buffer, 0, length);
        var span = buffer.AsSpan(0, length);
        var bytes = GC.AllocateUninitializedArray<byte>(Encoding.UTF8.GetByteCount(span));
        Encoding.UTF8.GetBytes(span, bytes);
        if (buffer.Length <= KeepLimit)
        {
            chars = buffer;
        }

        if (text.Capacity <= KeepLimit)
        {
            builder = text;
        }

        return bytes;
    }
}
