using Elenta.Core.Merging;
using Elenta.Core.Model.Values;
using Elenta.Core.Text;

namespace Elenta.Core.Model;

public sealed record DhcpPool(IpAddress From, IpAddress To, LeaseTime LeaseTime, MergedNode Node)
{
    /// <summary>Whether the pool, from <see cref="From"/> to <see cref="To"/>, holds <paramref name="ip"/> (an address of its family).</summary>
    public bool Contains(IpAddress ip) => ip.IsV6 == From.IsV6 && ip.CompareTo(From) >= 0 && ip.CompareTo(To) <= 0;
}

/// <summary>The DHCP daemon a network's server runs: it decides which configuration the server receives.</summary>
public enum DhcpDaemon
{
    Dnsmasq,
    Kea,
}

/// <summary>
/// That the site serves DHCP on a network (it has a <c>dhcp</c> block), by which machine and with
/// which daemon, for how long a lease lasts (reservations too, pool or not). <see cref="Server"/>
/// is null when the site does not say, which analysis reports.
/// </summary>
public sealed record DhcpService(string? Server, DhcpDaemon Daemon, LeaseTime LeaseTime, MergedMapping Node);

public sealed record Network(
    string Name,
    MergedMapping Node,
    IpNetwork Cidr,
    int? Vlan,
    IpAddress? Gateway,
    IReadOnlyList<IpAddress> Dns,
    DhcpPool? Dhcp,
    string? SearchDomain,
    bool Untrusted,
    bool ReverseDns,
    string Bridge,
    string? Description) : INamed
{
    /// <summary>Who serves DHCP here; null when the network has no <c>dhcp</c> block (addresses are static).</summary>
    public DhcpService? DhcpService { get; init; }

    /// <summary>The MTU of the network's links, when the site gives one (jumbo frames on a storage network); null: the interface's default.</summary>
    public int? Mtu { get; init; }
}

public sealed record RecordSet(
    string Name,
    MergedMapping Node,
    IReadOnlyList<IpAddress> A,
    IReadOnlyList<IpAddress> Aaaa,
    string? Cname,
    IReadOnlyList<string> Mx,
    IReadOnlyList<string> Txt,
    IReadOnlyList<string> Ns,
    IReadOnlyList<string> Srv,
    string? Ptr,
    int? Ttl,
    IReadOnlyList<RecordValue> Values) : INamed
{
    /// <summary>The record types a record set can hold, in the schema's spelling.</summary>
    public static readonly IReadOnlyList<string> Types = ["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "PTR"];

    /// <summary>Every value of one type, as written (a single value or each item of a list).</summary>
    public IEnumerable<RecordValue> ValuesOf(string type) => Values.Where(v => v.Type == type);
}

/// <summary>
/// One value of one record type at a name, as the site wrote it, with where: <see cref="Parsed"/> is
/// the typed value the schema read (an address for A and AAAA), or the text.
/// </summary>
public sealed record RecordValue(string Type, string Text, object? Parsed, Location Location);

public sealed record Domain(
    string Name,
    MergedMapping Node,
    IReadOnlyList<string> Nameservers,
    NamedMap<RecordSet> Records,
    int Ttl,
    bool Private,
    string? Description) : INamed
{
    /// <summary>Published to the internet: public addresses only, signed with DNSSEC.</summary>
    public bool Public { get; init; }
}
