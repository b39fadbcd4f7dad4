using System.Buffers;
using System.Text;

namespace Elenta.Core.Emit.Vms;

/// <summary>
/// Writes <see cref="LibvirtXml"/>'s layout straight to UTF-8, for documents whose names and values
/// are printable ASCII, which is every definition a sane site produces. It escapes what XmlWriter
/// escapes in such text (&amp; &lt; &gt;, and &quot; in attributes). Any other character (line breaks,
/// controls, non-ASCII) sets <see cref="NeedsXmlWriter"/>, and the caller lets XmlWriter write the
/// document instead, so both paths give the same bytes.
/// </summary>
internal sealed class PlainLibvirtXmlWriter : ILibvirtXmlWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new(2048);
    private readonly Stack<string> open = new(8);

    public bool NeedsXmlWriter { get; private set; }

    public void Open(string name, params ReadOnlySpan<(string Name, string Value)> attributes)
    {
        StartTag(name, attributes);
        Raw(">\n");
        open.Push(name);
    }

    public void Close()
    {
        var name = open.Pop();
        Indent();
        Raw("</");
        Raw(name);
        Raw(">\n");
    }

    public void Empty(string name, params ReadOnlySpan<(string Name, string Value)> attributes)
    {
        StartTag(name, attributes);
        Raw(" />\n");
    }

    public void Text(string name, string text, params ReadOnlySpan<(string Name, string Value)> attributes)
    {
        StartTag(name, attributes);
        Raw(">");
        Escaped(text, inAttribute: false);
        Raw("</");
        Raw(name);
        Raw(">\n");
    }

    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    /// <summary>Empties the writer for the next document.</summary>
    public void Reset()
    {
        buffer.ResetWrittenCount();
        open.Clear();
        NeedsXmlWriter = false;
    }

    private void StartTag(string name, ReadOnlySpan<(string Name, string Value)> attributes)
    {
        Indent();
        Raw("<");
        Raw(name);
        foreach (var (attribute, value) in attributes)
        {
            Raw(" ");
            Raw(attribute);
            Raw("=\"");
            Escaped(value, inAttribute: true);
            Raw("\"");
        }
    }

    private void Indent()
    {
        var width = 2 * open.Count;
        buffer.GetSpan(width)[..width].Fill((byte)' ');
        buffer.Advance(width);
    }

    private void Escaped(string text, bool inAttribute)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var entity = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' when inAttribute => "&quot;",
                >= ' ' and <= '~' => null,
                _ => Unhandled(),
            };
            if (entity is not null)
            {
                Raw(text.AsSpan(start, i - start));
                Raw(entity);
                start = i + 1;
            }
        }

        Raw(text.AsSpan(start));
    }

    private string? Unhandled()
    {
        NeedsXmlWriter = true;
        return null;
    }

    private void Raw(ReadOnlySpan<char> text)
    {
        // Names and entities are ASCII, and Escaped flags every other character before it gets here.
        var written = Encoding.UTF8.GetBytes(text, buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        buffer.Advance(written);
    }
}
