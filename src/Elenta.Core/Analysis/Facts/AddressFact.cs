using Elenta.Core.Model.Values;
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
/// value and words that name its holder for messages ("canon address 'kansas' of 'ifrit'").
/// </summary>
public sealed record AddressFact(
    AddressHolder Holder,
    string Network,
    IpAddress Ip,
    string Owner,
    string? Host,
    bool Shared,
    Location Location);
