using System.Globalization;
using System.Text;

namespace Elenta.Core.Emit.Dns;

/// <summary>
/// Appends text straight as UTF-8 into one growing buffer: a zone file goes out as bytes, so it is
/// not built as a string first and then encoded.
/// </summary>
public sealed class Utf8Builder(int capacity)
{
    private byte[] buffer = new byte[Math.Max(capacity, 16)];
    private int length;

    public int Length => length;

    public Utf8Builder Append(string text)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        length += Encoding.UTF8.GetBytes(text, buffer.AsSpan(length));
        return this;
    }

    public Utf8Builder Append(long value) => Append(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>An ASCII character (a space, a newline...), <paramref name="count"/> times.</summary>
    public Utf8Builder Append(char ascii, int count = 1)
    {
        Reserve(count);
        buffer.AsSpan(length, count).Fill((byte)ascii);
        length += count;
        return this;
    }

    public byte[] ToArray() => buffer.AsSpan(0, length).ToArray();

    /// <summary>The bytes written so far, without a copy: appending more may move them.</summary>
    public ReadOnlyMemory<byte> Written => buffer.AsMemory(0, length);

    private void Reserve(int more)
    {
        if (length + more > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + more));
        }
    }
}
