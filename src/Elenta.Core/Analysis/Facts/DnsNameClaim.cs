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

    /// <summary><c>switch.canon</c>, a switch's management address.</summary>
    Switch,

    /// <summary><c>instance.domain</c>, an instance of a constellation that has a domain.</summary>
    Instance,

    /// <summary><c>subdomain.domain</c>, a role's proxied subdomain: a CNAME to its instance.</summary>
    Proxy,
}

/// <summary>
/// One DNS name the site publishes, normalised, with what publishes it and where that is written.
/// <see cref="Records"/> is set for record sets; <see cref="CnameTarget"/> for anything that is a CNAME.
/// </summary>
/// <param name="Subject">The name of what publishes it: the host, canon address, instance, subdomain or record set.</param>
/// <param name="Of">What that belongs to: the host, constellation, instance or domain (none for a host).</param>
/// <param name="Extra">"VM" or "container" for a guest, the role for a proxied subdomain.</param>
public sealed record DnsNameClaim(string Fqdn, DnsClaimSource Source, string Subject, string? Of, string? Extra, Location Location, Domain? Domain, RecordSet? Records, string? CnameTarget)
{
    public bool IsCname => CnameTarget is not null;

    /// <summary>What publishes the name, for messages; written when asked (a site publishes a hundred thousand names, messages name a few).</summary>
    public string Owner => Source switch
    {
        DnsClaimSource.Record => $"record '{Subject}' of domain '{Of}'",
        DnsClaimSource.CanonHost => $"host '{Subject}'",
        DnsClaimSource.CanonAddress => $"canon address '{Subject}' of '{Of}'",
        DnsClaimSource.Bmc => $"BMC of '{Subject}'",
        DnsClaimSource.Guest => $"{Extra} '{Subject}' of constellation '{Of}'",
        DnsClaimSource.Switch => $"switch '{Subject}'",
        DnsClaimSource.Instance => $"instance '{Subject}' of constellation '{Of}'",
        _ => $"proxied subdomain '{Subject}' of instance '{Of}' (role '{Extra}')",
    };
}
