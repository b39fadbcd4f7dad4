using System.Xml;

namespace Elenta.Core.Emit.Vms;

/// <summary>The general path of <see cref="LibvirtXml"/>: XmlWriter escapes and checks every character.</summary>
internal sealed class XmlWriterLibvirtXmlWriter(XmlWriter writer) : ILibvirtXmlWriter
{
    public void Open(string name, params ReadOnlySpan<(string Name, string Value)> attributes) => StartTag(name, attributes);

    public void Close() => writer.WriteEndElement();

    public void Empty(string name, params ReadOnlySpan<(string Name, string Value)> attributes)
    {
        StartTag(name, attributes);
        writer.WriteEndElement();
    }

    public void Text(string name, string text, params ReadOnlySpan<(string Name, string Value)> attributes)
    {
        StartTag(name, attributes);
        writer.WriteString(text);
        writer.WriteEndElement();
    }

    private void StartTag(string name, ReadOnlySpan<(string Name, string Value)> attributes)
    {
        writer.WriteStartElement(name);
        foreach (var (attribute, value) in attributes)
        {
            writer.WriteAttributeString(attribute, value);
        }
    }
}
