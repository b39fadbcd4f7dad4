namespace Elenta.Core.Emit.Vms;

/// <summary>A libvirt network that hands guests to an existing host bridge (the host's NixOS config creates the bridge).</summary>
public static class NetworkXml
{
    public static byte[] Render(string name, Guid uuid, string bridge) => LibvirtXml.Write(w =>
    {
        w.Open("network");
        w.Text("name", name);
        w.Text("uuid", uuid.ToString("D"));
        w.Empty("forward", ("mode", "bridge"));
        w.Empty("bridge", ("name", bridge));
        w.Close();
    });
}
