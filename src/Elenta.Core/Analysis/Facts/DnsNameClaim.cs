using Elenta.Core.Model;
using Elenta.Core.Text;

namespace Elenta.Core.Analysis.Facts;

/// <summary>Where a published DNS name comes from.</summary>
public enum DnsClaimSource
{
    /// <summary>A record set in <c>domains.*.records</c>.</summary>
    Record,

    /// <summary><c>host.canon</c>, the host's primary address.</summary>
    CanonHost,

    /// <summary><c>label.host.canon</c>, one canon address.</summary>
    CanonAddress,

    /// <summary><c>bmc.host.canon</c>.</summary>
    Bmc,

    /// <summary><c>guest.canon</c>, a VM or container with its own address.</summary>
    Guest,

    /// <summary><c>instance.domain</c>, an instance of a constellation that has a domain.</summary>
    Instance,

    /// <summary><c>subdomain.domain</c>, a role's proxied subdomain: a CNAME to its instance.</summary>
    Proxy,
}

/// <summary>
/// One DNS name the site publishes, normalised, with what publishes it and where that is written.
/// <see cref="Records"/> is set for record sets; <see cref="CnameTarget"/> for anything that is a CNAME.
/// </summary>
public sealed record DnsNameClaim(string Fqdn, DnsClaimSource Source, string Owner, Location Location, Domain? Domain, RecordSet? Records, string? CnameTarget)
{
    public bool IsCname => CnameTarget is not null;
}
