using Elenta.Core.Model;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Semantics;

/// <summary>
/// What an entry of <c>firewall.management</c> stands for: a network of the site (its CIDR), an
/// address (a network of one), or a CIDR. The input firewalls open SSH to it; EL8021 reports an
/// entry that is none of these.
/// </summary>
public static class ManagementSources
{
    /// <summary>The addresses the entry names; null when it names nothing.</summary>
    public static IpNetwork? Resolve(Site site, string text)
    {
        if (site.Networks[text] is { } network)
        {
            return network.Cidr;
        }

        if (IpNetwork.TryParse(text, out var cidr, out _))
        {
            return cidr;
        }

        return IpAddress.TryParse(text, out var ip) ? new IpNetwork(ip, ip.Bits) : null;
    }
}
