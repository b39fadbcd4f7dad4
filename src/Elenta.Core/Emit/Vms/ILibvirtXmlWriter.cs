namespace Elenta.Core.Emit.Vms;

/// <summary>
/// The few shapes a libvirt definition is made of, one element per line: an element holding other
/// elements, an empty one, one holding text. Attributes are (name, value) pairs, in order.
/// </summary>
internal interface ILibvirtXmlWriter
{
    /// <summary>Starts an element whose children follow, up to the matching <see cref="Close"/>.</summary>
    void Open(string name, params ReadOnlySpan<(string Name, string Value)> attributes);

    void Close();

    void Empty(string name, params ReadOnlySpan<(string Name, string Value)> attributes);

    void Text(string name, string text, params ReadOnlySpan<(string Name, string Value)> attributes);
}
