using Elenta.Core.Model;

namespace Elenta.Core.Semantics;

/// <summary>What a generated name in a constellation's domain names.</summary>
public enum DomainNameKind
{
    /// <summary><c>instance.domain</c>: an instance of the constellation.</summary>
    Instance,

    /// <summary><c>subdomain.domain</c>: a subdomain the instance's role reverse-proxies.</summary>
    Proxy,
}

/// <summary>
/// One name Elenta generates in a constellation's domain: a CNAME to the canon name of the machine
/// the instance runs on (<see cref="Target"/>, without the final dot).
/// </summary>
/// <param name="Label">The instance or the proxied subdomain, relative to the domain.</param>
/// <param name="Domain">The constellation's domain as the site writes it.</param>
public sealed record DomainName(string Label, string Domain, string Fqdn, DomainNameKind Kind, Instance Instance, string Constellation, string Role, string Target);
