using System.Text;
using System.Xml;

namespace Elenta.Core.Emit.Vms;

/// <summary>Writes libvirt XML the same way every time: two-space indent, \n line ends, no declaration.</summary>
internal static class LibvirtXml
{
    public static string Write(Action<XmlWriter> body)
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
            body(writer);
        }

        return text.Append('\n').ToString();
    }

    public static void Element(this XmlWriter w, string name, params (string Name, string Value)[] attributes)
    {
        w.WriteStartElement(name);
        foreach (var (n, v) in attributes)
        {
            w.WriteAttributeString(n, v);
        }

        w.WriteEndElement();
    }
}
