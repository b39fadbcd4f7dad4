using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Emit.Netboot;

/// <summary>
/// One MAC of a netbooted host: the folder the store keeps for it, and the folder that holds the
/// machine's image (the boot MAC's), so a machine with several NICs keeps one copy of its image.
/// </summary>
public sealed record NetbootClient(Host Host, NetInterface Interface, MacAddress Mac, MacAddress ImageMac)
{
    public string Folder => NetbootLayout.Folder(Mac);

    public string ImageFolder => NetbootLayout.Folder(ImageMac);

    public bool IsImageHolder => Mac == ImageMac;
}
