using Elenta.Core.Semantics;

namespace Elenta.Core.Emit.Dns;

/// <summary>How the machines that serve zones are named in NS and SOA records: by their canon name.</summary>
public static class NameServers
{
    public static string Fqdn(string machine, string canonDomain) => SiteNames.InCanon(machine, canonDomain) + ".";

    /// <summary>The apex NS records of a zone, one per server.</summary>
    public static IEnumerable<DnsRecord> Records(IEnumerable<string> servers, string canonDomain) =>
        servers.Distinct(StringComparer.Ordinal).Select(s => new DnsRecord("@", "NS", Fqdn(s, canonDomain)));

    /// <summary>An SOA RNAME: the site's hostmaster setting (an e-mail address or a DNS name), else hostmaster.&lt;zone&gt;.</summary>
    public static string Hostmaster(string? configured, string zone)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return $"hostmaster.{zone}.";
        }

        var at = configured.IndexOf('@');
        var name = at < 0 ? configured : configured[..at].Replace(".", "\\.", StringComparison.Ordinal) + "." + configured[(at + 1)..];
        return name.EndsWith('.') ? name : name + ".";
    }
}
