namespace Elenta.Core.Semantics.Schema;

/// <summary>
/// Key names the schema declares, the binder reads and the rules point at, written once. Only the
/// keys that those three places share (site-wide DNS, a domain's name servers, a machine's ssh and
/// boot sections, the netboot store, the proxy's limits and TLS); a key read in one place stays a literal there.
/// </summary>
public static class SiteKeys
{
    public const string Dns = "dns";
    public const string DnsServers = "servers";
    public const string Nameservers = "nameservers";
    public const string NetbootStore = "netbootStore";
    public const string Ssh = "ssh";
    public const string HostKey = "hostKey";
    public const string RetiredKeys = "retiredKeys";
    public const string Boot = "boot";
    public const string BootMode = "mode";
    public const string Firmware = "firmware";
    public const string ImageSize = "imageSize";
    public const string BootInterfaces = "interfaces";
    public const string Proxy = "proxy";
    public const string Tls = "tls";
    public const string MaxBodySize = "maxBodySize";
    public const string Timeout = "timeout";
    public const string State = "state";
    public const string PostgreSql = "postgresql";
    public const string PostgreSqlEnv = "postgresqlEnv";
}
