using Elenta.Core.Model.Values;

namespace Elenta.Core.Emit.Proxy;

/// <summary>Where an nginx server block listens: a port on every address, or on one address.</summary>
public sealed record NginxListen(int Port, string? Address = null)
{
    public override string ToString() => Address is null ? Port.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Address}:{Port}";
}

/// <summary>The backend a server block forwards to. The IP is used (not the name) so nginx needs no DNS at start.</summary>
public sealed record ProxyUpstream(IpAddress Ip, int Port, string CanonName, bool Websocket)
{
    public string Url => Ip.IsV6 ? $"http://[{Ip}]:{Port}" : $"http://{Ip}:{Port}";
}

/// <summary>One nginx server block on one machine.</summary>
public abstract record ProxyServer(string ServerName, NginxListen Listen, string Comment);

/// <summary><c>sub.domain</c> forwarded to a service of the machine the nginx runs on.</summary>
public sealed record ForwardingServer(string ServerName, NginxListen Listen, string Comment, ProxyUpstream Upstream)
    : ProxyServer(ServerName, Listen, Comment);

/// <summary>The bare domain answering 301 to the same path on <see cref="TargetHost"/>.</summary>
public sealed record BareRedirectServer(string ServerName, NginxListen Listen, string Comment, string TargetHost)
    : ProxyServer(ServerName, Listen, Comment);
