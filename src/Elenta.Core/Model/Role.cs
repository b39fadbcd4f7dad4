using Elenta.Core.Merging;
using Elenta.Core.Model.Values;

namespace Elenta.Core.Model;

public enum OptionType
{
    String,
    Int,
    Bool,
    Enum,
    Size,
    List,
    Any,
}

/// <summary>An option value: a string, long, bool, ByteSize, a list of them, or a nested mapping for "any".</summary>
public sealed record RoleOption(string Name, MergedNode Node, OptionType Type, IReadOnlyList<string> Values, object? Default, string? Description) : INamed;

public sealed record Resources(int? Cpus, ByteSize? Memory, ByteSize? Disk, MergedNode? Node)
{
    public static Resources None { get; } = new(null, null, null, null);
}

public sealed record Service(string Name, MergedNode Node, PortSpec Port, IReadOnlyList<string> Networks, IReadOnlyList<string> Clients, string? Interface) : INamed;

public sealed record Requirement(MergedNode Node, string Role, IReadOnlyDictionary<string, object?> ExtraOpts, IReadOnlyDictionary<string, object?> When);

public sealed record Mount(MergedNode Node, string Path, string? Dataset, string? Source, bool Export);

public sealed record Metric(MergedNode Node, PortSpec Port, string Path, string? Job);

/// <summary>
/// A subdomain nginx forwards to a backend port. <see cref="FrontendPort"/> is the plain-HTTP port
/// (which redirects when the name has TLS), <see cref="HttpsPort"/> the TLS one; the body limit
/// and timeout are the site's (<see cref="ProxySettings"/>) unless the entry sets its own.
/// </summary>
public sealed record ProxyEntry(string Name, MergedNode Node, PortSpec Port, int FrontendPort, bool Websocket) : INamed
{
    public int HttpsPort { get; init; } = 443;

    public ByteSize? MaxBodySize { get; init; }

    public int? TimeoutSeconds { get; init; }
}

public sealed record DashboardEntry(MergedNode Node, string Title, string? Url, string? Icon, string? Description, string? Section);

public sealed record RoleFile(MergedNode Node, string Path, string Template, string? Mode);

public sealed record RoleConfig(MergedNode? Nixos, IReadOnlyList<RoleFile> Files, IReadOnlyList<string> Activate, MergedNode? Settings)
{
    public static RoleConfig Empty { get; } = new(null, [], [], null);
}

public sealed record Role(
    string Name,
    MergedMapping Node,
    string? Description,
    NamedMap<RoleOption> Options,
    Resources Resources,
    NamedMap<Service> Services,
    IReadOnlyList<Requirement> Requires,
    IReadOnlyList<Mount> Mounts,
    IReadOnlyList<Metric> Metrics,
    NamedMap<ProxyEntry> Proxy,
    IReadOnlyList<DashboardEntry> Dashboard,
    RoleConfig Config,
    IReadOnlyList<string> Needs,
    int? MaxPerConstellation,
    bool SpreadAcrossHosts) : INamed
{
    /// <summary>Site services this role runs, so the machines it is placed on receive their files.</summary>
    public IReadOnlyList<SiteService> Provides { get; init; } = [];

    /// <summary>Commands run on each of its machines before a new generation is activated; a failure stops that machine (docs/deploy.md).</summary>
    public IReadOnlyList<string> Backup { get; init; } = [];

    /// <summary>Commands run on each of its machines by <c>elenta rollback --restore</c>, after the older generation is active again.</summary>
    public IReadOnlyList<string> Restore { get; init; } = [];

    /// <summary>Checks after activation; a failed one rolls the machine back by itself.</summary>
    public IReadOnlyList<HealthCheck> Health { get; init; } = [];

    /// <summary>Roles or machines whose machines are deployed before this role's ("DNS and routers first").</summary>
    public IReadOnlyList<DeployAfter> After { get; init; } = [];
}

/// <summary>How a health check asks: a command on the machine, or a TCP or HTTP probe from the deployer to the machine's address.</summary>
public enum HealthProbe
{
    Command,
    Tcp,
    Http,
}

/// <summary>
/// One health check of a role: what it asks (<see cref="Probe"/>: the command, or the port and, for
/// HTTP, the path and expected status), tried every <see cref="IntervalSeconds"/> until it passes or
/// <see cref="TimeoutSeconds"/> have gone by. <see cref="Probe"/> is null when the check names no
/// kind or several (EL9250 reports it).
/// </summary>
public sealed record HealthCheck(MergedMapping Node, HealthProbe? Probe, string? Command, int? Port, string Path, int? Status, int IntervalSeconds, int TimeoutSeconds)
{
    public const int DefaultIntervalSeconds = 2;

    public const int DefaultTimeoutSeconds = 30;

    /// <summary>"command 'test -s /etc/nsd/nsd.conf'", "tcp 53", "http 8080/health".</summary>
    public string Describe() => Probe switch
    {
        HealthProbe.Command => $"command '{Command}'",
        HealthProbe.Tcp => $"tcp {Port}",
        HealthProbe.Http => $"http {Port}{Path}",
        _ => "an incomplete check",
    };
}

/// <summary>A name in a role's <c>after:</c> list: a role (its machines) or a machine, with where it was written.</summary>
public sealed record DeployAfter(string Name, MergedNode Node);

/// <summary>
/// A site-wide service whose configuration Elenta builds from the whole site, and which a role says
/// it runs (<c>provides</c>): the machines running that role receive the configuration.
/// </summary>
public enum SiteService
{
    /// <summary>Prometheus: receives the file_sd targets and the scrape configs.</summary>
    Prometheus,

    /// <summary>Dashy: receives the dashboard's conf.yml.</summary>
    Dashboard,
}
