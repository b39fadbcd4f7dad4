using Elenta.Core.Model;

namespace Elenta.Core.Semantics;

/// <summary>
/// The name the kernel gives the interface a host's address on a network arrives on: the canon
/// address's interface, its parent when that is an alias (EL8004's trap), the bridge it is
/// enslaved to when it is bridged. Null when the host has no address there, or the site does not
/// say which interface carries it. The input firewalls, NAT and EL8022 read it.
/// </summary>
public static class CarrierInterface
{
    public static string? On(Host host, string network)
    {
        if (host.Canon.FirstOrDefault(c => c.Network == network)?.Interface is not { } name)
        {
            return null;
        }

        if (host.Interfaces[name] is { AliasOf: { } parent })
        {
            name = parent;
        }

        return host.Interfaces[name] is { Bridge: { } bridge } ? bridge : name;
    }
}
