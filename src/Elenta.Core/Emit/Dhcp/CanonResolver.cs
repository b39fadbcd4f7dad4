using Elenta.Core.Model.Values;
using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dhcp;

/// <summary>
/// Answers a name from the site itself, as the canon zone will: an IPv4 literal, host.canon (the
/// host's primary address), label.host.canon, bmc.host.canon, guest.canon. Null when the site does
/// not know the name or knows only an IPv6 address for it.
/// </summary>
public static class CanonResolver
{
    public static IpAddress? ResolveV4(ResolvedSite resolved, string name)
    {
        if (IpAddress.TryParse(name, out var literal))
        {
            return literal.IsV6 ? null : literal;
        }

        var canon = resolved.Site.Settings.CanonDomain;
        var wanted = name.TrimEnd('.');
        foreach (var view in resolved.Machines)
        {
            var v4 = view.Addresses.Where(a => !a.Ip.IsV6).ToList();
            if (string.Equals($"{view.Name}.{canon}", wanted, StringComparison.OrdinalIgnoreCase)
                && (v4.FirstOrDefault(a => a.Primary) ?? v4.FirstOrDefault()) is { } primary)
            {
                return primary.Ip;
            }

            if (v4.FirstOrDefault(a => string.Equals(a.Fqdn, wanted, StringComparison.OrdinalIgnoreCase)) is { } exact)
            {
                return exact.Ip;
            }
        }

        return null;
    }
}
