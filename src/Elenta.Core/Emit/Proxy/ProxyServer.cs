using Elenta.Core.Model.Values;

namespace Elenta.Core.Emit.Proxy;

/// <summary>Where an nginx server block listens: a port on every address, or on one address.</summary>
public sealed record NginxListen(int Port, string? Address = null)
{
    public override string ToString() => Address is null ? Port.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Address}:{Port}";
}

/// <summary>
/// The backend a server block forwards to. The IP is used (not the name) so nginx needs no DNS at
/// start; <see cref="CanonName"/> is the machine's name, for the comment.
/// </summary>
public sealed record ProxyUpstream(IpAddress Ip, int Port, string CanonName, bool Websocket)
{
    public string Url => Ip.IsV6 ? $"http://[{Ip}]:{Port}" : $"http://{Ip}:{Port}";
}

/// <summary>How much a client may send and how long nginx waits for the backend (seconds).</summary>
public sealed record ProxyLimits(ByteSize MaxBodySize, int TimeoutSeconds);

/// <summary>
/// HTTPS of one server block: where it listens, the certificate and key files on the machine,
/// whether it sends HSTS, and, for an ACME certificate, the directory the HTTP-01 challenge
/// files are served from (the plain-HTTP block serves it before redirecting).
/// </summary>
public sealed record ServerTls(NginxListen Listen, string Certificate, string Key, bool Hsts, string? AcmeWebroot);

/// <summary>
/// One nginx server block on one machine: its name, its plain-HTTP listen, and its HTTPS when the
/// name has TLS (then the plain-HTTP block only redirects, and serves ACME challenges).
/// </summary>
public abstract record ProxyServer(string ServerName, NginxListen Listen, string Comment)
{
    public ServerTls? Tls { get; init; }
}

/// <summary><c>sub.domain</c> forwarded to a service of the machine the nginx runs on.</summary>
public sealed record ForwardingServer(string ServerName, NginxListen Listen, string Comment, ProxyUpstream Upstream, ProxyLimits Limits)
    : ProxyServer(ServerName, Listen, Comment);

/// <summary>
/// The bare domain answering 301 to the same path on <see cref="TargetHost"/>: over HTTPS at
/// <see cref="TargetHttps"/>'s port when the target has TLS, else in the request's own scheme.
/// </summary>
public sealed record BareRedirectServer(string ServerName, NginxListen Listen, string Comment, string TargetHost)
    : ProxyServer(ServerName, Listen, Comment)
{
    public NginxListen? TargetHttps { get; init; }
}

/// <summary>
/// A certificate one machine obtains by ACME: its lineage name (the TLS domain), the names it covers
/// (every name the machine serves under that domain), and the account.
/// </summary>
public sealed record AcmeCertificate(string Name, IReadOnlyList<string> Names, string? Email, string? Server);
