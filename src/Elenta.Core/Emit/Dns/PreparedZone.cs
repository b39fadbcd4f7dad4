using System.Globalization;
using System.Text;

namespace Elenta.Core.Emit.Dns;

/// <summary>A zone file in UTF-8, written up to its serial and from just after it, so a serial costs one copy.</summary>
public sealed class PreparedZone(byte[] head, ReadOnlyMemory<byte> tail)
{
    /// <summary>The zone file with this serial, as the bytes that are written.</summary>
    public byte[] RenderUtf8(uint serial)
    {
        Span<byte> digits = stackalloc byte[10];
        serial.TryFormat(digits, out var count, default, CultureInfo.InvariantCulture);
        var file = new byte[head.Length + count + tail.Length];
        head.CopyTo(file, 0);
        digits[..count].CopyTo(file.AsSpan(head.Length));
        tail.Span.CopyTo(file.AsSpan(head.Length + count));
        return file;
    }

    public string Render(uint serial) => Encoding.UTF8.GetString(RenderUtf8(serial));
}
