using Elenta.Core.Merging;
using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Facts;

/// <summary>What kind of thing holds an address.</summary>
public enum AddressHolder
{
    Canon,
    Bmc,
    Vm,
    Container,
    SwitchManagement,
}

/// <summary>
/// One IP address the site assigns to something, on one network, with the span of the <c>ip</c>
/// value and words that name its holder for messages ("canon address 'kansas' of 'ifrit'"). A site
/// has tens of thousands of them and few ever reach a message: the words and the span are made
/// when asked for.
/// </summary>
/// <param name="name">The holder's own name: the canon address's, the BMC's label, the guest's, the switch's.</param>
/// <param name="node">The mapping that holds the <c>ip</c> value.</param>
public sealed class AddressFact(AddressHolder holder, string network, IpAddress ip, string name, string? host, bool shared, MergedMapping node)
{
    public AddressHolder Holder => holder;

    public string Network => network;

    public IpAddress Ip => ip;

    /// <summary>The host the address belongs to, or runs the guest that holds it; null for a switch.</summary>
    public string? Host => host;

    public bool Shared => shared;

    /// <summary>Words that name the holder, for messages.</summary>
    public string Owner => holder switch
    {
        AddressHolder.Canon => $"canon address '{name}' of '{host}'",
        AddressHolder.Bmc => $"BMC '{name}' of '{host}'",
        AddressHolder.Vm => $"VM '{name}'",
        AddressHolder.Container => $"container '{name}'",
        _ => $"management address of switch '{name}'",
    };

    /// <summary>Where the <c>ip</c> value is written.</summary>
    public Location Location => node.At("ip");
}
