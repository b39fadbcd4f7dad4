using System.Text;
using System.Xml;

namespace Elenta.Core.Emit.Vms;

/// <summary>
/// Writes libvirt XML the same way every time: two-space indent, \n line ends, no declaration, a
/// final newline; UTF-8 bytes. A site has thousands of VMs, and an XmlWriter per small file costs
/// more than the file, so plain ASCII documents take <see cref="PlainLibvirtXmlWriter"/>, and the
/// rare document with other characters falls back to XmlWriter (same layout, same bytes).
/// </summary>
internal static class LibvirtXml
{
    [ThreadStatic]
    private static PlainLibvirtXmlWriter? reused;

    public static byte[] Write(Action<ILibvirtXmlWriter> body)
    {
        // One writer per thread, emptied for each document: a site renders thousands.
        var plain = reused ??= new PlainLibvirtXmlWriter();
        plain.Reset();
        body(plain);
        return plain.NeedsXmlWriter ? WriteWithXmlWriter(body) : plain.ToArray();
    }

    /// <summary>The same document through XmlWriter, whatever characters it holds (tests compare the two paths).</summary>
    public static byte[] WriteWithXmlWriter(Action<ILibvirtXmlWriter> body)
    {
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
            OmitXmlDeclaration = true,
            Encoding = new UTF8Encoding(false),
        };
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, settings))
        {
            body(new XmlWriterLibvirtXmlWriter(writer));
        }

        return Encoding.UTF8.GetBytes(text.Append('\n').ToString());
    }
}
