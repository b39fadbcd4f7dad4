using System.Xml;

namespace Elenta.Core.Emit.Vms;

/// <summary>A libvirt network that hands guests to an existing host bridge (the host's NixOS config creates the bridge).</summary>
public static class NetworkXml
{
    public static string Render(string name, Guid uuid, string bridge) => LibvirtXml.Write(w =>
    {
        w.WriteStartElement("network");
        w.WriteElementString("name", name);
        w.WriteElementString("uuid", uuid.ToString("D"));
        w.Element("forward", ("mode", "bridge"));
        w.Element("bridge", ("name", bridge));
        w.WriteEndElement();
    });
}
